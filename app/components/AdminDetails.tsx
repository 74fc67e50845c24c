import type { Problem } from "@/lib/errors";
import { DiagnosisDetails } from "./DiagnosisDetails";

/**
 * The technical side of a notice, collapsed: the error code, the server's message, what Entra refused
 * (lib/diagnose) and a correlation id that is also in the server log. Never a token.
 */
export function AdminDetails({ problem }: { problem: Problem }) {
  return (
    <details className="admin-details" data-testid="admin-details">
      <summary>Details for your administrator</summary>
      <dl className="fields">
        <dt>Error</dt>
        <dd>
          <code>{problem.code}</code> {problem.message}
        </dd>
        {problem.correlationId ? (
          <>
            <dt>Correlation id</dt>
            <dd>
              <code data-testid="correlation-id">{problem.correlationId}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {problem.diagnosis ? <DiagnosisDetails diagnosis={problem.diagnosis} /> : null}
    </details>
  );
}
