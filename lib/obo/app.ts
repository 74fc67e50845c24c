import "server-only";
import { ConfidentialClientApplication, LogLevel } from "@azure/msal-node";
import type { BackendCredential } from "@/lib/config";
import { getConfig } from "@/lib/config";
import { createBackendClient } from "./client";
import { isCredentialRejected, mapAppTokenError } from "./errors";

// The backend's OWN identity (client credentials, no user). Unlike OBO, the token belongs to the process,
// not to a caller, so one msal-node client per credential lives as long as the process and its
// in-memory cache holds the app token until shortly before it expires.

const CLIENTS = Symbol.for("entra-dual-mode.app-clients");
type WithClients = typeof globalThis & { [CLIENTS]?: Map<BackendCredential, Promise<ConfidentialClientApplication>> };

function clients(): Map<BackendCredential, Promise<ConfidentialClientApplication>> {
  const g = globalThis as WithClients;
  return (g[CLIENTS] ??= new Map());
}

function appClient(credential: BackendCredential): Promise<ConfidentialClientApplication> {
  const map = clients();
  let client = map.get(credential);
  if (!client) {
    client = createBackendClient(credential, LogLevel.Error);
    // A failed discovery must not poison the process: forget it so the next call tries again.
    client.catch(() => map.delete(credential));
    map.set(credential, client);
  }
  return client;
}

export interface AppAuthorizationHeaderRequest {
  /** Exactly one `{resource}/.default`, e.g. ["https://graph.microsoft.com/.default"]. */
  scopes: string[];
}

/** `Bearer <app-only token>` for the backend itself, from msal-node's cache when it holds one. */
export async function getAppAuthorizationHeader({ scopes }: AppAuthorizationHeaderRequest): Promise<string> {
  let lastError: unknown;
  for (const credential of getConfig().entra.backend.credentials) {
    try {
      const result = await (await appClient(credential)).acquireTokenByClientCredential({ scopes });
      if (!result?.accessToken) throw mapAppTokenError(new Error("no access token in the token response"), scopes);
      return `Bearer ${result.accessToken}`;
    } catch (err) {
      lastError = err;
      if (!isCredentialRejected(err)) break;
    }
  }
  throw mapAppTokenError(lastError, scopes);
}

/** Tests: drop the process's app clients (and their cached tokens). */
export function resetAppClients(): void {
  clients().clear();
}
