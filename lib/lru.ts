import "server-only";

// A bounded in-process cache: the OBO cache's L1 and the bearer validation cache.

export interface LruObserver {
  removed(key: string): void;
  cleared(): void;
  /** Whether the key was read in front of the cache since the last call; counts as a read for eviction. */
  takeRead(key: string): boolean;
}

interface Entry<V> {
  value: V;
  bytes: number;
  expiresAt: number;
  /** Read since it last reached the old end (second-chance LRU). */
  used: boolean;
}

/**
 * LRU bounded by entry count and by bytes (as the caller measures them); each entry has a TTL. A hit
 * only sets a flag (CLOCK / second-chance): moving the entry in the Map on every read would make hits
 * pay for the table's churn, which grows with the number of entries.
 */
export class LruCache<V = string> {
  private readonly map = new Map<string, Entry<V>>();
  private bytes = 0;
  /** A memo layer in front of this cache (the hit index): told of removals, asked about its own reads. */
  observer?: LruObserver;
  constructor(
    readonly maxEntries = 100_000,
    readonly maxBytes = 256 * 1024 * 1024,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    e.used = true;
    return e.value;
  }
  /** The live value, without counting as a read. */
  peek(key: string, now = Date.now()): V | undefined {
    const e = this.map.get(key);
    return e && e.expiresAt > now ? e.value : undefined;
  }
  /** Whether a live entry is held, without counting as a read (tests, metrics). */
  has(key: string, now = Date.now()): boolean {
    const e = this.map.get(key);
    return !!e && e.expiresAt > now;
  }
  set(
    key: string,
    value: V,
    ttlSeconds: number,
    now = Date.now(),
    bytes = typeof value === "string" ? value.length : 1,
  ): void {
    this.delete(key);
    if (bytes > this.maxBytes || !(ttlSeconds > 0)) return;
    this.map.set(key, { value, bytes, expiresAt: now + ttlSeconds * 1000, used: false });
    this.bytes += bytes;
    // Each entry gets at most one second chance per pass, so this ends within two passes. The entry
    // being set is never the victim (else a user coming back from L2 while every other entry is hot
    // would be evicted at once, and fetched from L2 on every request).
    while (this.map.size > this.maxEntries || this.bytes > this.maxBytes) {
      const [k, e] = this.map.entries().next().value as [string, Entry<V>];
      this.map.delete(k);
      const used = e.used || (this.observer?.takeRead(k) ?? false);
      if ((k === key && this.map.size > 0) || (used && e.expiresAt > now)) {
        e.used = false;
        this.map.set(k, e);
      } else {
        this.bytes -= e.bytes;
        this.observer?.removed(k);
      }
    }
  }
  delete(key: string): void {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.bytes -= e.bytes;
      this.observer?.removed(key);
    }
  }
  clear(): void {
    this.map.clear();
    this.bytes = 0;
    this.observer?.cleared();
  }
  get size(): number {
    return this.map.size;
  }
  get totalBytes(): number {
    return this.bytes;
  }
}
