import type { ReactNode } from "react";
import type { Diagnosis, Evidence } from "@/lib/diagnose";

/** The catalogue's texts mark commands and settings with backticks: shown as code. */
export function Text({ children }: { children: string }) {
  const parts = children.split(/`([^`]+)`/);
  return <>{parts.map((part, i): ReactNode => (i % 2 ? <code key={i}>{part}</code> : part))}</>;
}

/** The claims in a readable order, exp with its date; never anything but these few claims. */
function claimRows(evidence: Evidence): Array<[string, string]> {
  const rows: Array<[string, string]> = [];
  for (const [claim, value] of Object.entries(evidence)) {
    if (claim === "expiresAt" || value === undefined) continue;
    if (claim === "exp" && evidence.expiresAt) rows.push([claim, `${value} (${evidence.expiresAt})`]);
    else rows.push([claim, Array.isArray(value) ? value.join(", ") : String(value)]);
  }
  return rows;
}

// The technical side of a failure for whoever runs the app: what Entra refused, why, and what to change.
// Collapsed by default; holds selected claims only, never a token.
export function DiagnosisDetails({ diagnosis, open = false }: { diagnosis: Diagnosis; open?: boolean }) {
  return (
    <details className="diagnosis" data-testid="diagnosis" data-code={diagnosis.code} open={open}>
      <summary>
        {diagnosis.title}{" "}
        <span className="muted">
          ({diagnosis.code}, {diagnosis.flow})
        </span>
      </summary>
      <dl>
        <dt>What happened</dt>
        <dd>
          <Text>{diagnosis.happened}</Text>
        </dd>
        <dt>Cause</dt>
        <dd data-testid="diagnosis-cause">
          <Text>{diagnosis.cause}</Text>
        </dd>
        <dt>Fix</dt>
        <dd data-testid="diagnosis-fix">
          <Text>{diagnosis.fix}</Text>
        </dd>
        {diagnosis.evidence ? (
          <>
            <dt>Evidence (token claims)</dt>
            <dd>
              <ul className="claims" data-testid="diagnosis-evidence">
                {claimRows(diagnosis.evidence).map(([claim, value]) => (
                  <li key={claim}>
                    <code>{claim}</code> {value}
                  </li>
                ))}
              </ul>
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
