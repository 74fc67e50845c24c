// `npm run doctor`: checks the configuration end to end without a browser, as a list of named checks in
// the order a sign-in and an OBO depend on it: the app's URL, discovery and the issuer over TLS, the
// signing keys, the backend's certificate or federated token, its credentials, the frontend's scope
// against the backend's App ID URI, then (when the backend may read registrations through Graph:
// Application.Read.All) the wiring of both registrations. Each finding says how to fix it.
// No "server-only": it runs from the command line too. Prints claims, never tokens or secrets.
import type { AppConfig } from "@/lib/config";
import { appFacts } from "../index";
import type { Finding, Status } from "../types";
import { appUrl } from "./checks/app-url";
import { backendCredentials } from "./checks/backend-credentials";
import { credentialFiles } from "./checks/credential-files";
import { discovery } from "./checks/discovery";
import { frontendScope } from "./checks/frontend-scope";
import { jwks } from "./checks/jwks";
import { registrations } from "./checks/registrations";
import type { Check, DoctorContext, DoctorOptions } from "./context";

export type { Finding, Registration, Status } from "../types";
export type { Check, DoctorOptions } from "./context";
export { checkWiring, readRegistration } from "./checks/wiring";

/** The checks, in order; a check that finds nothing further can be checked ends the run. */
export const CHECKS: readonly Check[] = [
  appUrl,
  discovery,
  jwks,
  credentialFiles,
  backendCredentials,
  frontendScope,
  registrations,
];

export async function runDoctor(config: AppConfig, options: DoctorOptions = {}): Promise<Finding[]> {
  const facts = appFacts(config);
  const origin = (options.origin ?? facts.appOrigin ?? "http://localhost:3000").replace(/\/+$/, "");
  const ctx: DoctorContext = { config, facts, origin, options, findings: [] };
  for (const check of CHECKS) {
    ctx.findings.push(...(await check.run(ctx)));
    if (ctx.stop) break;
  }
  return ctx.findings;
}

export function exitCodeOf(findings: Finding[]): number {
  return findings.some((f) => f.status === "error") ? 1 : 0;
}

const MARK: Record<Status, string> = { ok: "ok  ", warning: "warn", error: "FAIL" };

export function formatFindings(findings: Finding[]): string {
  return findings
    .map((f) =>
      [
        `[${MARK[f.status]}] ${f.title}: ${f.detail}`,
        ...(f.status !== "ok" && f.fix ? [`       fix: ${f.fix}`] : []),
      ].join("\n"),
    )
    .join("\n");
}
