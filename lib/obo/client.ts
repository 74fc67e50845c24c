import "server-only";
import { LogLevel, type ConfidentialClientApplication } from "@azure/msal-node";
import type { BackendCredential } from "@/lib/config";
import { getConfig } from "@/lib/config";
import { getOpenIdConfiguration } from "@/lib/discovery";
import { log, scrubText } from "@/lib/log";
import { createConfidentialClient } from "@/lib/msal-client";
import { msalCredentialOptions } from "@/lib/msal-credential";

// The BACKEND registration as an msal-node confidential client, built only for a token request (a cache
// miss): cache hits are answered from the partitioned cache in cache.ts without msal. Each client is fresh,
// so its in-memory cache holds exactly the one response it fetched, which cache.ts merges into the caller's
// partition. Discovery is fetched once per process and passed in as authorityMetadata, and construction
// costs ~2 µs, so a client per token request costs no network call and no measurable time.

/**
 * The backend registration as an msal-node client. `logLevel`: client credentials warn "No client info in
 * response" on every call, which is normal there, so the app-only client logs errors only.
 */
export async function createBackendClient(
  credential: BackendCredential,
  logLevel = LogLevel.Warning,
  clientCapabilities?: string[],
): Promise<ConfidentialClientApplication> {
  const config = getConfig();
  const metadata = await getOpenIdConfiguration(config.entra.authority);
  return createConfidentialClient(config, {
    clientId: config.entra.backend.clientId,
    credential: msalCredentialOptions(credential),
    clientCapabilities,
    authorityMetadata: JSON.stringify(metadata),
    system: {
      loggerOptions: {
        piiLoggingEnabled: false,
        logLevel,
        loggerCallback: (level, message, containsPii) => {
          if (!containsPii && level <= logLevel) log.warn({ msal: scrubText(message) }, "msal-node");
        },
      },
    },
  });
}

// CP1: the on-behalf-of path handles Graph's claims challenges (lib/graph/client.ts), so it may receive
// CAE tokens, which Graph revokes at once when the user's sessions are revoked instead of after an hour.
export const createOboClient = (credential: BackendCredential) =>
  createBackendClient(credential, LogLevel.Warning, ["CP1"]);
