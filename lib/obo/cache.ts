import "server-only";
import { createHash } from "node:crypto";
import type { ICachePlugin, TokenCacheContext } from "@azure/msal-node";
import { log } from "@/lib/log";
import type { KvStore } from "@/lib/store/types";

// The OBO token cache, partitioned by SHA-256 of the incoming assertion: each request gets a client whose
// msal cache holds only that partition, so a lookup reads one small blob whatever the number of users.
// L1 is a bounded in-process LRU; L2 is the shared KvStore (Redis) so instances share tokens. L2 faults
// are logged and the request carries on with L1.

export function partitionKey(assertion: string): string {
  return createHash("sha256").update(assertion, "utf8").digest("hex");
}

interface Entry {
  value: string;
  bytes: number;
  expiresAt: number;
}

export class LruCache {
  private readonly map = new Map<string, Entry>();
  private bytes = 0;
  constructor(readonly maxEntries = 5_000, readonly maxBytes = 32 * 1024 * 1024) {}

  get(key: string, now = Date.now()): string | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    this.map.delete(key);
    if (e.expiresAt <= now) {
      this.bytes -= e.bytes;
      return undefined;
    }
    this.map.set(key, e);
    return e.value;
  }
  set(key: string, value: string, ttlSeconds: number, now = Date.now()): void {
    this.delete(key);
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes > this.maxBytes) return;
    this.map.set(key, { value, bytes, expiresAt: now + ttlSeconds * 1000 });
    this.bytes += bytes;
    for (const [k, e] of this.map) {
      if (this.map.size <= this.maxEntries && this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= e.bytes;
    }
  }
  delete(key: string): void {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.bytes -= e.bytes;
    }
  }
  get size(): number {
    return this.map.size;
  }
  get totalBytes(): number {
    return this.bytes;
  }
}

export interface OboCacheStores {
  l1: LruCache;
  /** undefined: L1 only (no shared store, or the store is itself in-process memory). */
  l2: KvStore | undefined;
}

const L2_PREFIX = "obo:v1:";

interface SerializedCache {
  AccessToken?: Record<string, { expires_on?: string }>;
  RefreshToken?: Record<string, unknown>;
  [section: string]: unknown;
}

/** Seconds until the last access token in the blob expires (0: nothing worth keeping). */
function ttlOf(cache: SerializedCache, nowSeconds: number): number {
  let latest = 0;
  for (const at of Object.values(cache.AccessToken ?? {})) latest = Math.max(latest, Number(at.expires_on) || 0);
  return Math.max(0, latest - nowSeconds);
}

export async function readPartition(stores: OboCacheStores, key: string): Promise<string | undefined> {
  const hit = stores.l1.get(key);
  if (hit !== undefined || !stores.l2) return hit;
  try {
    const value = await stores.l2.get(L2_PREFIX + key);
    if (value !== undefined) {
      const ttl = ttlOf(JSON.parse(value) as SerializedCache, Math.floor(Date.now() / 1000));
      if (ttl > 0) stores.l1.set(key, value, ttl);
    }
    return value;
  } catch (err) {
    log.warn({ err: String(err), store: stores.l2.kind }, "obo cache: L2 read failed, continuing with L1 only");
    return undefined;
  }
}

export async function writePartition(stores: OboCacheStores, key: string, serialized: string): Promise<void> {
  const cache = JSON.parse(serialized) as SerializedCache;
  // OBO never redeems the refresh token msal keeps (a new assertion is needed anyway): don't store it.
  delete cache.RefreshToken;
  const ttl = ttlOf(cache, Math.floor(Date.now() / 1000));
  if (ttl <= 0) return;
  const value = JSON.stringify(cache);
  stores.l1.set(key, value, ttl);
  if (!stores.l2) return;
  try {
    await stores.l2.set(L2_PREFIX + key, value, ttl);
  } catch (err) {
    log.warn({ err: String(err), store: stores.l2.kind }, "obo cache: L2 write failed, token kept in L1 only");
  }
}

/**
 * A cache plugin bound to one partition, for a fresh msal client per request. msal-node's OBO lookup
 * reads its in-memory cache without calling beforeCacheAccess, so the partition is loaded when the client
 * is built (see client.ts); the plugin only persists what the token response adds.
 */
export function partitionPlugin(stores: OboCacheStores, key: string): ICachePlugin {
  return {
    async beforeCacheAccess() {},
    async afterCacheAccess(ctx: TokenCacheContext) {
      if (ctx.cacheHasChanged) await writePartition(stores, key, ctx.tokenCache.serialize());
    },
  };
}
