import "server-only";
import { getConfig } from "@/lib/config";
import { MemoryStore } from "./memory";
import { RedisStore } from "./redis";
import type { CounterStore, KvStore } from "./types";

export type { CounterStore, KvStore } from "./types";
export { MemoryStore } from "./memory";
export { RedisStore } from "./redis";

// On globalThis: Next may load this module once per route bundle (and again on every dev reload),
// yet a process must have exactly one store, or a session saved by the callback route is invisible to pages.
const STORE = Symbol.for("entra-dual-mode.kv-store");
type WithStore = typeof globalThis & { [STORE]?: KvStore & CounterStore };

/** The process-wide store: Redis when REDIS_URL is set, else a bounded in-memory LRU. */
export function getStore(): KvStore & CounterStore {
  const g = globalThis as WithStore;
  if (!g[STORE]) {
    const { redisUrl } = getConfig();
    g[STORE] = redisUrl ? new RedisStore(redisUrl, { keyPrefix: "eda:" }) : new MemoryStore();
  }
  return g[STORE];
}
