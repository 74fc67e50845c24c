import "server-only";
import type { Caller } from "@/lib/auth/caller";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/store";
import type { KvStore } from "@/lib/store/types";
import { LruCache, partitionKey, type OboCacheStores } from "./cache";
import { createOboClient } from "./client";
import { isCredentialRejected, mapOboError } from "./errors";

// The one entry point for downstream tokens: pages and routes ask for an Authorization header for some
// scopes on behalf of a caller, and never see msal-node, the cache, or the credentials.

export interface AuthorizationHeaderRequest {
  /** Fully qualified delegated scopes of ONE resource, e.g. ["https://graph.microsoft.com/User.Read"]. */
  scopes: string[];
  caller: Caller;
  /** A claims challenge from the downstream API (JSON, not base64); bypasses the cache. */
  claims?: string;
}

const STORES = Symbol.for("entra-dual-mode.obo-cache");
type WithStores = typeof globalThis & { [STORES]?: OboCacheStores };

function stores(): OboCacheStores {
  const g = globalThis as WithStores;
  if (!g[STORES]) {
    const store = getStore();
    // An in-memory store would only duplicate L1 in the same process; L2 is for sharing across instances.
    g[STORES] = { l1: new LruCache(), l2: store.kind === "memory" ? undefined : store };
  }
  return g[STORES];
}

/** Tests and tools: replace the cache stores (e.g. a failing L2). */
export function configureOboCache(options: { l2?: KvStore; l1?: LruCache }): void {
  (globalThis as WithStores)[STORES] = { l1: options.l1 ?? new LruCache(), l2: options.l2 };
}

// Entra answers Graph scopes unprefixed ("User.Read") and msal-node matches cached tokens by those
// strings, so a prefixed request would never hit the cache: ask Graph's default-resource form instead.
const GRAPH_PREFIX = /^https:\/\/graph\.microsoft\.com\//i;
const msalScopes = (scopes: string[]) => scopes.map((s) => (GRAPH_PREFIX.test(s) && !s.endsWith("/.default") ? s.replace(GRAPH_PREFIX, "") : s));

export async function getAuthorizationHeader({ scopes, caller, claims }: AuthorizationHeaderRequest): Promise<string> {
  if (caller.kind !== "user") throw new AppError("ERR_INSUFFICIENT_SCOPE", { scopes: [] }, { message: "This operation needs a signed-in user." });
  const partition = partitionKey(caller.assertion);
  const credentials = getConfig().entra.backend.credentials;
  let lastError: unknown;
  for (const credential of credentials) {
    try {
      const client = await createOboClient(stores(), partition, credential);
      const result = await client.acquireTokenOnBehalfOf({ oboAssertion: caller.assertion, scopes: msalScopes(scopes), ...(claims ? { claims } : {}) });
      if (!result?.accessToken) throw new AppError("ERR_IDP_UNAVAILABLE");
      return `Bearer ${result.accessToken}`;
    } catch (err) {
      lastError = err;
      // Credentials are an ordered list (Identity.Web style): a refused one falls through to the next.
      if (!isCredentialRejected(err)) break;
    }
  }
  throw mapOboError(lastError, scopes);
}

export { partitionKey } from "./cache";
