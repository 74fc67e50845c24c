import "server-only";
import { getConfig } from "@/lib/config";
import { MemoryStore } from "./memory";
import { RedisStore } from "./redis";
import { createRedisClient } from "./redis-client";
import type { CounterStore, KvStore } from "./types";

export type { CounterStore, KvStore } from "./types";
export { MemoryStore } from "./memory";
export { RedisStore } from "./redis";

// On globalThis: Next may load this module once per route bundle (and again on every dev reload),
// yet a process must have exactly one store, or a session saved by the callback route is invisible to pages.
const STORE = Symbol.for("entra-dual-mode.kv-store");
type WithStore = typeof globalThis & { [STORE]?: KvStore & CounterStore };

/** The process-wide store: Redis when REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS is set, else a bounded in-memory LRU. */
export function getStore(): KvStore & CounterStore {
  const g = globalThis as WithStore;
  if (!g[STORE]) {
    const { redis } = getConfig();
    g[STORE] = redis ? new RedisStore(createRedisClient(redis, { keyPrefix: "eda:" })) : new MemoryStore();
  }
  return g[STORE];
}

/**
 * Whether the process's store is Redis. By its `kind`, not instanceof: the store on globalThis may have been
 * made by another bundle's copy of this module (instrumentation.ts makes it at start, for health metrics).
 */
export function isRedisStore(store: KvStore | undefined): store is RedisStore {
  return store?.kind === "redis";
}

/** Graceful shutdown: closes the Redis connection if this process opened one (pending replies first). */
export async function closeStore(): Promise<void> {
  const store = (globalThis as WithStore)[STORE];
  if (isRedisStore(store)) await store.close();
}
