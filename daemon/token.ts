// Client credentials with a certificate (private_key_jwt): the daemon proves a key, so its tokens carry
// azpacr 2, which the service API requires.
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { daemonHintOf } from "../lib/diagnose/index.ts";
import type { DaemonConfig } from "./config.ts";

export async function acquireServiceToken(config: DaemonConfig): Promise<string> {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.authority,
      clientCertificate: config.certificate,
      knownAuthorities: config.knownAuthorities,
    },
    system: { loggerOptions: { piiLoggingEnabled: false, logLevel: LogLevel.Error, loggerCallback: () => {} } },
  });
  const result = await client.acquireTokenByClientCredential({ scopes: [config.scope] });
  if (!result?.accessToken) throw new Error("the identity platform returned no access token");
  return result.accessToken;
}

/** The claims worth showing (never the token itself). */
export function describeToken(token: string) {
  const { aud, iss, tid, azp, azpacr, roles, idtyp, exp } = decodeJwt(token);
  return { aud, iss, tid, azp, azpacr, roles, idtyp, expires: new Date((exp ?? 0) * 1000).toISOString() };
}

/** One line for the operator: the AADSTS code, Entra's message without trace ids, and what to do. */
export function describeError(err: unknown): string {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const text = e.errorMessage || e.message || String(err);
  const aadsts = /AADSTS\d+/.exec(text)?.[0];
  // msal-node wraps Entra's text as "Error(s): … - Timestamp: … - Description: AADSTS…: <text> Trace ID: …".
  const described = text.includes("Description: ")
    ? text.slice(text.indexOf("Description: ") + "Description: ".length)
    : text;
  const first = described
    .split(/\r?\n/)[0]
    .replace(/^AADSTS\d+: /, "")
    .replace(/\s*(Trace ID|Correlation ID|Timestamp):.*$/, "")
    .replace(/ - Correlation ID:.*$/, "")
    .trim();
  if (!aadsts) return first;
  const hint = daemonHintOf(Number(aadsts.slice("AADSTS".length)));
  return `the identity platform refused the token request (${aadsts}${e.errorCode ? `, ${e.errorCode}` : ""}): ${first}${hint ? `\n  hint: ${hint}` : ""}`;
}
