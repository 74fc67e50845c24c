// Client credentials with a certificate (private_key_jwt): the daemon proves a key, so its tokens carry
// azpacr 2, which the service API requires.
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import type { DaemonConfig } from "./config.ts";

export async function acquireServiceToken(config: DaemonConfig): Promise<string> {
  const client = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      authority: config.entra.authority,
      clientCertificate: config.certificate,
      knownAuthorities: config.entra.knownAuthorities,
    },
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
