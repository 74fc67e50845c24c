import { forbidden } from "next/navigation";
import { requireUser } from "@/lib/session";
import { resolveSessionCaller, type UserCaller } from "@/lib/bearer";
import { getConfig } from "@/lib/config";
import { mayDiagnose } from "@/lib/diagnose/access";
import { configurationChecks, decodedClaims, discoveryReport, maskedConfig, probeObo } from "@/lib/diagnostics";
import type { Finding } from "@/lib/diagnose/doctor";
import { DiagnosisDetails } from "@/app/components/DiagnosisDetails";

export const dynamic = "force-dynamic";
export const metadata = { title: "Diagnostics" };

const PATH = "/diagnostics";

const Json = ({ value, testId }: { value: unknown; testId?: string }) => (
  <pre data-testid={testId}>{JSON.stringify(value, null, 2)}</pre>
);

function OboProbe({ probe }: { probe: Awaited<ReturnType<typeof probeObo>> }) {
  return (
    <section className="card" data-testid="diag-obo">
      <h2>Live on-behalf-of exchange</h2>
      <p data-testid="diag-obo-result" data-ok={probe.ok}>
        {probe.ok ? "Succeeded" : "Failed"} in {probe.ms} ms (backend → Microsoft Graph, scopes {probe.scopes.join(" ")}
        , no cache).
      </p>
      {probe.claims ? <Json value={probe.claims} /> : null}
      {probe.diagnosis ? <DiagnosisDetails diagnosis={probe.diagnosis} open /> : null}
      {probe.message ? <p className="error">{probe.message}</p> : null}
    </section>
  );
}

function Checks({ checks }: { checks: Finding[] }) {
  return (
    <section className="card" data-testid="diag-checks">
      <h2>Configuration checks</h2>
      <ul>
        {checks.map((f) => (
          <li key={f.id} data-testid={`check-${f.id}`} data-status={f.status}>
            <strong>[{f.status}]</strong> {f.title}: {f.detail}
            {f.status !== "ok" && f.fix ? <div className="muted">Fix: {f.fix}</div> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

// For whoever runs the app: the configuration in effect, what the IdP says, the session's token and a live
// OBO exchange, each failure explained. Open to everyone under `npm run dev`; otherwise (production, with
// the emulator too) only to holders of the backend's admin app role (lib/diagnose/access.ts).
export default async function DiagnosticsPage() {
  await requireUser(PATH);
  const config = getConfig();
  let caller: UserCaller | undefined;
  try {
    caller = await resolveSessionCaller();
  } catch {
    caller = undefined;
  }
  if (!caller || !mayDiagnose(config, caller.claims.roles)) forbidden();
  const [discovery, probe, checks] = await Promise.all([
    discoveryReport(config),
    probeObo(config, caller.assertion),
    configurationChecks(config),
  ]);

  return (
    <main>
      <h1>Diagnostics</h1>
      <p className="muted">
        The same checks from a terminal, without a browser: <code>npm run doctor</code>.
      </p>

      <section className="card" data-testid="identity-provider">
        <h2>Identity provider</h2>
        <p>
          <strong>{config.provider === "emulator" ? "Local Entra emulator" : "Microsoft Entra ID tenant"}</strong>,
          authority <code>{config.entra.authority}</code>
        </p>
      </section>

      <OboProbe probe={probe} />
      <Checks checks={checks} />

      <section className="card">
        <h2>Your session&apos;s access token (decoded claims)</h2>
        <Json value={decodedClaims(caller.assertion)} testId="diag-claims" />
      </section>

      <section className="card">
        <h2>Discovery</h2>
        <p>
          {discovery.ok ? "Reached" : "Not reached"}: <code>{discovery.url}</code>
        </p>
        {discovery.document ? <Json value={discovery.document} /> : <p className="error">{discovery.message}</p>}
      </section>

      <section className="card">
        <h2>Configuration in effect</h2>
        <Json value={maskedConfig(config)} testId="diag-config" />
      </section>
    </main>
  );
}
