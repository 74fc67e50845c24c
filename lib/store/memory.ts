import type { CounterStore, KvStore } from "./types";

interface Entry {
  value: string;
  expiresAt: number;
}

/**
 * One process's store: a Map in least-recently-used order, bounded by entry count, each entry with a
 * TTL. Expired entries are dropped when read or when they reach the old end during eviction.
 */
export class MemoryStore implements KvStore, CounterStore {
  readonly kind = "memory" as const;
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.read(key)?.value;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    this.write(key, value, ttlSeconds);
  }

  async del(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    if (this.read(key)) return false;
    this.write(key, value, ttlSeconds);
    return true;
  }

  async delIfEquals(key: string, value: string): Promise<boolean> {
    if (this.read(key)?.value !== value) return false;
    this.entries.delete(key);
    return true;
  }

  async incrementFields(key: string, amounts: Record<string, number>, ttlSeconds: number): Promise<void> {
    const value = this.read(key)?.value; // read and write in one turn: concurrent increments all count
    const fields = value ? (JSON.parse(value) as Record<string, number>) : {};
    for (const [field, amount] of Object.entries(amounts)) fields[field] = (fields[field] ?? 0) + amount;
    this.write(key, JSON.stringify(fields), ttlSeconds);
  }

  async readFields(key: string): Promise<Record<string, number>> {
    const value = this.read(key)?.value;
    return value ? (JSON.parse(value) as Record<string, number>) : {};
  }

  private read(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry); // most recently used goes to the end
    return entry;
  }

  private write(key: string, value: string, ttlSeconds: number): void {
    if (!(ttlSeconds > 0)) throw new RangeError("ttlSeconds must be > 0");
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlSeconds * 1000 });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
