import "server-only";
import { createHash, randomUUID } from "node:crypto";
import type { Caller } from "@/lib/bearer";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/store";
import type { KvStore } from "@/lib/store/types";
import {
  assertionHashes,
  createStores,
  findToken,
  flushPending,
  LruCache,
  lockKey,
  readL2,
  savePartition,
  servableUntil,
  type Hashes,
  type L2Breaker,
  type OboCacheStores,
  type Partition,
  type TokenQuery,
} from "./cache";
import { annotate, inSpan, markFailed, startSpan, withActive, type Span } from "@/lib/telemetry/trace";
import { createOboClient } from "./client";
import { isCredentialRejected, mapOboError } from "./errors";

// The one entry point for downstream tokens: pages and routes ask for an Authorization header for some
// scopes on behalf of a caller, and never see msal-node, the cache, or the credentials.
//
// memo: SHA-256 of the assertion + scope set → the hit index (hit-index.ts), findToken's earlier answer
// hit:  SHA-256 of the assertion → L1 partition → msal's own matching rules (cache.ts findToken)
// miss: one flight per (partition, scopes) in this process; L2; then, if another instance holds the
//       L2 lock for the same request, wait briefly for its token; else msal-node's OBO exchange.

export interface AuthorizationHeaderRequest {
  /** Fully qualified delegated scopes of ONE resource, e.g. ["https://graph.microsoft.com/User.Read"]. */
  scopes: string[];
  caller: Caller;
  /** A claims challenge from the downstream API (JSON, not base64); bypasses the cache. */
  claims?: string;
  /** Skip the cache and exchange again (the downstream API refused a cached token). */
  forceRefresh?: boolean;
}

const STORES = Symbol.for("entra-dual-mode.obo-cache");
type WithStores = typeof globalThis & { [STORES]?: OboCacheStores };

/** L1 bounded as configured: OBO_CACHE_MAX_USERS partitions (one per user assertion) and OBO_CACHE_MAX_MB. */
function configuredL1(): LruCache<Partition> {
  const { maxUsers, maxBytes } = getConfig().oboCache;
  return new LruCache<Partition>(maxUsers, maxBytes);
}

function stores(): OboCacheStores {
  const g = globalThis as WithStores;
  if (!g[STORES]) {
    const store = getStore();
    // An in-memory store would only duplicate L1 in the same process; L2 is for sharing across instances.
    g[STORES] = createStores({ l1: configuredL1(), l2: store.kind === "memory" ? undefined : store });
  }
  return g[STORES];
}

/** Tests and tools: replace the cache stores (e.g. a failing L2, a smaller L1; by default L1 as configured). */
export function configureOboCache(options: { l2?: KvStore; l1?: LruCache<Partition>; breaker?: L2Breaker }): void {
  (globalThis as WithStores)[STORES] = createStores({ ...options, l1: options.l1 ?? configuredL1() });
}

/** Tests and tools: the current cache stores. */
export function oboCacheStores(): OboCacheStores {
  return stores();
}

/** Waits for the write-behind L2 writes in flight (tests, graceful shutdown). */
export function flushOboCache(): Promise<void> {
  return flushPending(stores());
}

// Entra answers Graph scopes unprefixed ("User.Read") and msal-node matches cached tokens by those
// strings, so a prefixed request would never hit the cache: ask Graph's default-resource form instead.
const GRAPH_PREFIX = /^https:\/\/graph\.microsoft\.com\//i;
const msalScopes = (scopes: readonly string[]) =>
  scopes.map((s) => (GRAPH_PREFIX.test(s) && !s.endsWith("/.default") ? s.replace(GRAPH_PREFIX, "") : s));

// The bearer validation's clock skew: an assertion stays acceptable this long past its exp.
const ASSERTION_SKEW_SECONDS = 300;

/** One token request on behalf of a caller, as the miss path passes it along. */
interface Exchange {
  hashes: Hashes;
  query: TokenQuery;
  assertion: string;
  /** As the caller asked for them (error mapping). */
  scopes: string[];
  /** A partition is useless once its assertion is no longer accepted: keep it no longer (epoch seconds). */
  notAfter: number;
}

// Traced as one span per call: obo.cache hit | miss | bypass, and on a miss where the token came from
// (obo.source l2 | peer | entra), with the exchange itself as a child span. Never the token.
export async function getAuthorizationHeader(request: AuthorizationHeaderRequest): Promise<string> {
  const span = startSpan("obo.acquire_token", { "obo.scopes": request.scopes.join(" ") });
  try {
    return await authorizationHeader(request, span);
  } catch (err) {
    if (span) markFailed(span, err);
    throw err;
  } finally {
    span?.end();
  }
}

async function authorizationHeader(
  { scopes, caller, claims, forceRefresh }: AuthorizationHeaderRequest,
  span: Span | undefined,
): Promise<string> {
  if (caller.kind !== "user")
    throw new AppError("ERR_INSUFFICIENT_SCOPE", { scopes: [] }, { message: "This operation needs a signed-in user." });
  const s = stores();
  const clientId = getConfig().entra.backend.clientId;
  const digest = caller.assertionDigest ?? createHash("sha256").update(caller.assertion, "utf8").digest();
  const cacheable = !forceRefresh && !claims;
  const scopeSet = cacheable ? s.hits.scopeSetId(clientId, scopes, msalScopes) : -1;
  if (cacheable) {
    const memo = s.hits.get(digest, scopeSet, Math.floor(Date.now() / 1000));
    if (memo !== undefined) {
      span?.setAttribute("obo.cache", "hit");
      return `Bearer ${memo}`;
    }
  }
  const hashes = assertionHashes(caller.assertion, digest);
  const x: Exchange = {
    hashes,
    query: { clientId, scopes: msalScopes(scopes), assertionHash: hashes.msal },
    assertion: caller.assertion,
    scopes,
    notAfter: caller.claims.exp + ASSERTION_SKEW_SECONDS,
  };
  if (!cacheable) {
    span?.setAttribute("obo.cache", "bypass"); // a claims challenge, or the downstream API refused the cached token
    if (forceRefresh) return `Bearer ${(await traced(span, () => requestToken(s, x, undefined))).token}`;
  } else {
    const partition = s.l1.get(hashes.key);
    const hit = partition && findToken(partition, x.query);
    if (hit) {
      span?.setAttribute("obo.cache", "hit");
      s.hits.set(digest, scopeSet, servableUntil(hit, x.notAfter), hit.secret);
      return `Bearer ${hit.secret}`;
    }
    span?.setAttribute("obo.cache", "miss");
  }
  return `Bearer ${await traced(span, () => singleFlight(s, x, claims))}`;
}

const IN_FLIGHT = Symbol.for("entra-dual-mode.obo-in-flight");
type WithFlights = typeof globalThis & { [IN_FLIGHT]?: Map<string, Promise<string>> };
const flights = () => ((globalThis as WithFlights)[IN_FLIGHT] ??= new Map());

/** The miss path with the call's span active, so L2 reads and the exchange nest under it. */
const traced = <T>(span: Span | undefined, fn: () => Promise<T>): Promise<T> => (span ? withActive(span, fn) : fn());

function singleFlight(s: OboCacheStores, x: Exchange, claims: string | undefined): Promise<string> {
  const key = `${x.hashes.key} ${x.query.scopes.join(" ")} ${claims ?? ""}`;
  let flight = flights().get(key);
  if (!flight) {
    flight = miss(s, x, claims).finally(() => flights().delete(key));
    flights().set(key, flight);
  }
  return flight;
}

const PEER_WAIT_MS = 3_000;
const LOCK_TTL_SECONDS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The token a peer instance left in L2, if any. */
async function fromL2(s: OboCacheStores, x: Exchange): Promise<string | undefined> {
  const partition = await readL2(s, x.hashes.key, x.notAfter);
  return partition && findToken(partition, x.query)?.secret;
}

async function miss(s: OboCacheStores, x: Exchange, claims: string | undefined): Promise<string> {
  if (claims) return (await requestToken(s, x, claims)).token;
  const shared = await fromL2(s, x);
  if (shared) {
    annotate("obo.source", "l2");
    return shared;
  }

  const l2 = s.l2;
  const lock = lockKey(x.hashes.key, x.query.scopes);
  const owner = randomUUID();
  let locked = false;
  if (l2 && !s.breaker.open) {
    try {
      locked = await l2.setIfAbsent(lock, owner, LOCK_TTL_SECONDS);
      if (locked) {
        // Double-checked: a peer may have written the token and released the lock between our L2 read
        // and our lock, and fetching again would be a second OBO for the same token lifetime.
        const peer = await fromL2(s, x);
        if (peer) {
          annotate("obo.source", "peer");
          void l2.delIfEquals(lock, owner).catch(() => {});
          return peer;
        }
      } else {
        // Another instance is fetching this very token: its write to L2 usually lands within milliseconds.
        for (const deadline = Date.now() + PEER_WAIT_MS; Date.now() < deadline && !s.breaker.open;) {
          await sleep(25);
          const peer = await fromL2(s, x);
          if (peer) {
            annotate("obo.source", "peer");
            return peer;
          }
          if ((await l2.get(lock)) === undefined) {
            // Released: it either wrote the token just after our read above (check once more) or gave up.
            const late = await fromL2(s, x);
            if (late) {
              annotate("obo.source", "peer");
              return late;
            }
            break; // it gave up: fetch it ourselves
          }
        }
      }
    } catch (err) {
      s.breaker.failed(err, l2.kind, "lock");
    }
  }
  try {
    const { token, written } = await requestToken(s, x, undefined);
    if (locked && l2) void written.then(() => l2.delIfEquals(lock, owner)).catch(() => {});
    return token;
  } catch (err) {
    if (locked && l2) void l2.delIfEquals(lock, owner).catch(() => {});
    throw err;
  }
}

async function requestToken(s: OboCacheStores, x: Exchange, claims: string | undefined) {
  annotate("obo.source", "entra");
  let lastError: unknown;
  for (const credential of getConfig().entra.backend.credentials) {
    try {
      return await inSpan(
        "obo.exchange",
        { attributes: { "obo.client_auth": credential.type, "obo.claims_challenge": Boolean(claims) } },
        async () => {
          const client = await createOboClient(credential);
          const result = await client.acquireTokenOnBehalfOf({
            oboAssertion: x.assertion,
            scopes: x.query.scopes,
            ...(claims ? { claims } : {}),
          });
          if (!result?.accessToken) throw new AppError("ERR_IDP_UNAVAILABLE");
          const { written } = savePartition(
            s,
            x.hashes.key,
            client.getTokenCache().serialize(),
            s.l1.get(x.hashes.key),
            x.notAfter,
          );
          return { token: result.accessToken, written };
        },
      );
    } catch (err) {
      lastError = err;
      // Credentials are an ordered list (Identity.Web style): a refused one falls through to the next.
      if (!isCredentialRejected(err)) break;
    }
  }
  throw mapOboError(lastError, x.scopes, { assertion: x.assertion });
}

export { partitionKey } from "./cache";
export { getAppAuthorizationHeader, resetAppClients, type AppAuthorizationHeaderRequest } from "./app";
