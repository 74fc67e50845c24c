// Client credentials with a certificate (private_key_jwt): the daemon proves a key, so its tokens carry
// azpacr 2, which the service API requires.
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import { decodeJwt } from "jose";
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

const HINTS: Record<string, string> = {
  AADSTS1002012: "client credentials need a scope ending in /.default: set DAEMON_SCOPE to api://<backend client id>/.default (or unset it)",
  AADSTS700027: "the certificate is not registered on the service registration: upload it (az ad app credential reset --id <app> --cert @cert.pem --append)",
  AADSTS700016: "DAEMON_CLIENT_ID is not an application in this tenant",
  AADSTS500011: "the resource in DAEMON_SCOPE is not in this tenant: check the backend's Application ID URI",
  AADSTS7000215: "the service registration refused the credential",
};

/** One line for the operator: the AADSTS code, Entra's message without trace ids, and what to do. */
export function describeError(err: unknown): string {
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const text = e.errorMessage || e.message || String(err);
  const aadsts = /AADSTS\d+/.exec(text)?.[0];
  // msal-node wraps Entra's text as "Error(s): … - Timestamp: … - Description: AADSTS…: <text> Trace ID: …".
  const described = text.includes("Description: ") ? text.slice(text.indexOf("Description: ") + "Description: ".length) : text;
  const first = described.split(/\r?\n/)[0].replace(/^AADSTS\d+: /, "").replace(/\s*(Trace ID|Correlation ID|Timestamp):.*$/, "").replace(/ - Correlation ID:.*$/, "").trim();
  if (!aadsts) return first;
  const hint = HINTS[aadsts];
  return `the identity platform refused the token request (${aadsts}${e.errorCode ? `, ${e.errorCode}` : ""}): ${first}${hint ? `\n  hint: ${hint}` : ""}`;
}
