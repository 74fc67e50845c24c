// The one storage interface behind sessions, refresh locks and the L2 token cache: bounded in-memory
// LRU by default, Redis when REDIS_URL is set, so any number of app instances share state.
export interface KvStore {
  get(key: string): Promise<string | undefined>;
  /** ttlSeconds > 0 always: nothing is stored forever. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Atomic create-if-absent (a lock); true when this caller created it. */
  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean>;
  /** Deletes only when the value still equals `value` (releasing one's own lock). */
  delIfEquals(key: string, value: string): Promise<boolean>;
  readonly kind: "memory" | "redis";
}

/** Counter maps (the health counters' totals across instances), from the same store. */
export interface CounterStore {
  /** Adds each amount to its field of a counter map (created as needed; its TTL restarts). Atomic per field. */
  incrementFields(key: string, amounts: Record<string, number>, ttlSeconds: number): Promise<void>;
  /** A counter map's fields, {} when absent. */
  readFields(key: string): Promise<Record<string, number>>;
}
