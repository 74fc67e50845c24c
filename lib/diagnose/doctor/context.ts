// What the doctor's checks share: the configuration and its facts, the origin whose redirect URIs are
// checked, the findings so far, and what earlier checks learnt (the discovery document, a Graph token
// of the backend). A check may end the run when nothing after it can be checked.
import type { AppConfig } from "@/lib/config";
import type { AppFacts, Finding } from "../types";

export interface DoctorOptions {
  /** The app's public origin, for redirect URIs (default AUTH_URL, else http://localhost:3000). */
  origin?: string;
  /** Days before a certificate's expiry that turn it into a warning. */
  certificateWarningDays?: number;
}

export interface DoctorContext {
  config: AppConfig;
  facts: AppFacts;
  origin: string;
  options: DoctorOptions;
  findings: Finding[];
  discovery?: Record<string, unknown>;
  /** A backend token for Graph (client credentials), to read the registrations with. */
  graphToken?: string;
  /** Set by a check after which nothing can be checked. */
  stop?: boolean;
}

/** One named check: its findings, in the order a sign-in and an OBO depend on them. */
export interface Check {
  name: string;
  run(ctx: DoctorContext): Finding[] | Promise<Finding[]>;
}

export const GRAPH_DEFAULT = "https://graph.microsoft.com/.default";

export async function getJson(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

export function describeFetchError(err: unknown, config: AppConfig): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? "";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `TLS: the server's certificate is not trusted (${code}).${config.provider === "emulator" ? " Run through `npm run doctor` (scripts/run-ts.mjs sets NODE_EXTRA_CA_CERTS to the emulator's CA)." : ""}`;
  }
  return `${code || (err as Error).message}${cause?.message && !code ? `: ${cause.message}` : ""}`;
}
