import type { ModeHealth } from "@/lib/health";
import type { RolloutDescription } from "@/lib/rollout/describe";

const MODES = ["server", "spa"] as const;
const LABEL = { server: "Server mode", spa: "SPA mode" };
const STATE: Record<RolloutDescription["state"], string> = { none: "No flag", off: "Flag off", on: "Rolling out" };

const ms = (v: number | undefined) => (v === undefined ? "–" : `${v} ms`);
const pct = (v: number | undefined) => (v === undefined ? "–" : `${(v * 100).toFixed(1)} %`);
const codes = (h: ModeHealth | undefined) =>
  Object.entries(h?.apiErrors ?? {})
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} × ${n}`)
    .join(", ") || "none";

const ROWS: { label: string; key: string; value: (h: ModeHealth | undefined) => string }[] = [
  { label: "Page loads", key: "loads", value: (h) => String(h?.loads ?? 0) },
  { label: "Time to data, p50", key: "p50", value: (h) => ms(h?.p50Ms) },
  { label: "Time to data, p95", key: "p95", value: (h) => ms(h?.p95Ms) },
  { label: "Error rate", key: "error-rate", value: (h) => pct(h?.errorRate) },
  { label: "Consent prompts", key: "consent", value: (h) => String(h?.consentPrompts ?? 0) },
  { label: "API errors by code", key: "api-errors", value: codes },
];

// One page on /migration: who its flag puts in SPA mode, and each mode's health side by side.
export function PageRollout({
  page,
  rollout,
  health,
}: {
  page: string;
  rollout: RolloutDescription;
  health: Record<string, ModeHealth> | undefined;
}) {
  const title = page[0]!.toUpperCase() + page.slice(1);
  return (
    <section
      className="card"
      data-testid={`rollout-${page}`}
      data-state={rollout.state}
      aria-labelledby={`rollout-${page}-title`}
    >
      <div className="result-summary">
        <h2 id={`rollout-${page}-title`}>{title}</h2>
        <span className="badge">{STATE[rollout.state]}</span>
      </div>
      <ul data-testid={`rollout-${page}-rules`}>
        {rollout.rules.map((rule) => (
          <li key={rule} className="wrap-anywhere">
            {rule}
          </li>
        ))}
      </ul>
      {rollout.override ? <p className="muted">{rollout.override}</p> : null}
      <div className="table-scroll">
        <table>
          <caption className="sr-only-text">{title}: health per mode, last 24 hours</caption>
          <thead>
            <tr>
              <th scope="col">Last 24 hours</th>
              {MODES.map((m) => (
                <th scope="col" key={m}>
                  {LABEL[m]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ROWS.map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                {MODES.map((m) => (
                  <td key={m} className="tabular-nums wrap-anywhere" data-testid={`health-${page}-${m}-${row.key}`}>
                    {row.value(health?.[m])}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
