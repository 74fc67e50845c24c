import "server-only";
import type { KvStore } from "@/lib/store/types";
import { HitIndex } from "./hit-index";
import { L2Breaker } from "./l2-breaker";
import { LruCache } from "@/lib/lru";
import {
  findToken,
  fromMsalCache,
  partitionKey,
  RENEWAL_OFFSET_SECONDS,
  scopeList,
  servableUntil,
  sizeOf,
  toMsalCache,
  ttlOf,
  type MsalAccessToken,
  type Partition,
} from "./partition";

// The OBO token cache, partitioned by SHA-256 of the incoming assertion. A partition holds msal-node's
// own AccessToken entities for that one assertion (msal's serialization schema, nothing invented), so a
// hit is a hash, a Map lookup and a scan of one or two entities: its cost does not grow with the number
// of users, unlike a shared msal cache whose lookups filter every entity it holds.
//
//   L1  bounded in-process LRU (entry count AND bytes), each partition living until its last token expires
//   L2  the shared KvStore (Redis) in msal's serialized-cache format, so every instance sees every token;
//       written behind the response, read on an L1 miss, skipped for a while after it fails (then retried)
//
// msal-node still does every token request (see index.ts); only reading a cached token bypasses it.

export {
  assertionHashes,
  findToken,
  partitionKey,
  RENEWAL_OFFSET_SECONDS,
  servableUntil,
  toMsalCache,
  type Hashes,
  type MsalAccessToken,
  type Partition,
  type TokenQuery,
} from "./partition";
export { LruCache } from "@/lib/lru";

export { L2Breaker } from "./l2-breaker";

export interface OboCacheStores {
  l1: LruCache<Partition>;
  /** undefined: L1 only (no shared store, or the store is itself in-process memory). */
  l2: KvStore | undefined;
  breaker: L2Breaker;
  /** Write-behind L2 writes still in flight (tests and shutdown can await them). */
  pending: Set<Promise<void>>;
  /** The memo of L1 hits (hit-index.ts); it forgets an assertion whenever its partition leaves L1. */
  hits: HitIndex;
}

const HEX_DIGEST = /^[0-9a-f]{64}$/;
const HIT_INDEXES = new WeakMap<LruCache<Partition>, HitIndex>();

/** The one hit index in front of this L1, listening to its removals. */
function hitIndexOf(l1: LruCache<Partition>): HitIndex {
  let hits = HIT_INDEXES.get(l1);
  if (!hits) {
    const index = (hits = new HitIndex());
    HIT_INDEXES.set(l1, index);
    const digestOf = (key: string) => (index.size > 0 && HEX_DIGEST.test(key) ? Buffer.from(key, "hex") : undefined);
    l1.observer = {
      removed: (key) => {
        const digest = digestOf(key);
        if (digest) index.deleteDigest(digest);
      },
      cleared: () => index.clear(),
      takeRead: (key) => {
        const digest = digestOf(key);
        return digest ? index.takeRead(digest) : false;
      },
    };
  }
  return hits;
}

export function createStores(
  options: { l1?: LruCache<Partition>; l2?: KvStore; breaker?: L2Breaker } = {},
): OboCacheStores {
  const l1 = options.l1 ?? new LruCache<Partition>();
  return { l1, l2: options.l2, breaker: options.breaker ?? new L2Breaker(), pending: new Set(), hits: hitIndexOf(l1) };
}

const L2_PREFIX = "obo:v2:";
const L2_READ_TIMEOUT_MS = 250;

/**
 * Memoizes findToken's answers on a partition just written to L1, for every scope set asked for so far,
 * so that even the first request after an OBO response or an L2 read is served by the hit index.
 */
function memoize(stores: OboCacheStores, key: string, partition: Partition, notAfter: number): void {
  if (stores.l1.peek(key) !== partition || !HEX_DIGEST.test(key)) return;
  const digest = Buffer.from(key, "hex");
  const assertionHash = digest.toString("base64url");
  const nowSeconds = Math.floor(Date.now() / 1000);
  for (const { id, clientId, scopes } of stores.hits.scopeSetsSeen) {
    const token = findToken(partition, { clientId, scopes, assertionHash, nowSeconds });
    if (token) stores.hits.set(digest, id, servableUntil(token, notAfter), token.secret);
  }
}

function timeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>(
      (_, reject) => (timer = setTimeout(() => reject(new Error(`L2 did not answer in ${ms} ms`)), ms)),
    ),
  ]).finally(() => clearTimeout(timer));
}

/** The partition from L2 (warming L1, until `notAfter` at the latest); an L2 fault or a slow answer counts as a miss. */
export async function readL2(stores: OboCacheStores, key: string, notAfter = Infinity): Promise<Partition | undefined> {
  const l2 = stores.l2;
  if (!l2 || stores.breaker.open) return undefined;
  let value: string | undefined;
  try {
    value = await timeout(l2.get(L2_PREFIX + key), L2_READ_TIMEOUT_MS);
    stores.breaker.succeeded(l2.kind);
  } catch (err) {
    stores.breaker.failed(err, l2.kind, "read");
    return undefined;
  }
  if (value === undefined) return undefined;
  const partition = fromMsalCache(value);
  const now = Math.floor(Date.now() / 1000);
  const ttl = Math.min(ttlOf(partition, now), notAfter - now);
  if (ttl > 0) {
    stores.l1.set(key, partition, ttl, Date.now(), sizeOf(partition));
    memoize(stores, key, partition, notAfter);
  }
  return partition;
}

/**
 * Merges the AccessToken section of msal's serialized cache (after a token request) into the partition,
 * replacing tokens whose scopes overlap as msal itself does, and dropping expired ones. L1 is written
 * now; L2 behind the response. Both keep it until its last token stops being servable, or until
 * `notAfter` (the assertion's end: nobody can present it after that) if sooner. Graph's CAE tokens live
 * up to 28 h while assertions turn over hourly, so without that bound L2 would hold a day of partitions per user.
 */
export function savePartition(
  stores: OboCacheStores,
  key: string,
  serializedMsalCache: string,
  previous?: Partition,
  notAfter = Infinity,
): { partition: Partition; written: Promise<void> } {
  const now = Math.floor(Date.now() / 1000);
  const fresh = fromMsalCache(serializedMsalCache).tokens;
  const tokens: Record<string, MsalAccessToken> = {};
  const freshScopes = Object.values(fresh).map((t) => scopeList(t.target));
  for (const [k, at] of Object.entries(previous?.tokens ?? {})) {
    if (Number(at.expires_on) <= now + RENEWAL_OFFSET_SECONDS) continue;
    const scopes = scopeList(at.target);
    if (freshScopes.some((f) => f.some((s) => scopes.includes(s)))) continue;
    tokens[k] = at;
  }
  Object.assign(tokens, fresh);
  const partition: Partition = { tokens };
  const ttl = Math.min(ttlOf(partition, now), notAfter - now);
  if (ttl <= 0) return { partition, written: Promise.resolve() };
  stores.l1.set(key, partition, ttl, Date.now(), sizeOf(partition));
  memoize(stores, key, partition, notAfter);
  const l2 = stores.l2;
  let written = Promise.resolve();
  if (l2 && !stores.breaker.open) {
    const write = l2
      .set(L2_PREFIX + key, toMsalCache(partition), ttl)
      .then(
        () => stores.breaker.succeeded(l2.kind),
        (err: unknown) => stores.breaker.failed(err, l2.kind, "write"),
      )
      .finally(() => stores.pending.delete(write));
    stores.pending.add(write);
    written = write;
  }
  return { partition, written };
}

/** Resolves when every write-behind L2 write started so far has finished (successfully or not). */
export async function flushPending(stores: OboCacheStores): Promise<void> {
  while (stores.pending.size) await Promise.allSettled([...stores.pending]);
}

/** A lock name for one (partition, scopes) token request, so instances sharing L2 make it once. */
export function lockKey(key: string, scopes: string[]): string {
  return `obo:lock:${key}:${partitionKey(
    [...scopes]
      .map((s) => s.toLowerCase())
      .sort()
      .join(" "),
  ).slice(0, 16)}`;
}
