import type { Diagnosis } from "@/lib/diagnose";

// The technical side of a failure for whoever runs the app: what Entra refused, why, and what to change.
// Collapsed by default; holds selected claims only, never a token.
export function DiagnosisDetails({ diagnosis, open = false }: { diagnosis: Diagnosis; open?: boolean }) {
  return (
    <details className="diagnosis" data-testid="diagnosis" data-code={diagnosis.code} open={open}>
      <summary>
        {diagnosis.title} <span className="muted">({diagnosis.code}, {diagnosis.flow})</span>
      </summary>
      <dl>
        <dt>What happened</dt>
        <dd>{diagnosis.happened}</dd>
        <dt>Cause</dt>
        <dd data-testid="diagnosis-cause">{diagnosis.cause}</dd>
        <dt>Fix</dt>
        <dd data-testid="diagnosis-fix">{diagnosis.fix}</dd>
        {diagnosis.evidence ? (
          <>
            <dt>Evidence (token claims)</dt>
            <dd>
              <code>{JSON.stringify(diagnosis.evidence)}</code>
            </dd>
          </>
        ) : null}
      </dl>
      {diagnosis.reference ? (
        <p className="muted">
          Reference: <a href={diagnosis.reference}>{diagnosis.reference}</a>
        </p>
      ) : null}
    </details>
  );
}
