// Stand-ins for Redis as the OBO cache's L2 (kind "redis", so lib/obo shares them like Redis): one that
// keeps what it is given where a test can read it, and one that refuses every read and write.
import type { KvStore } from "@/lib/store/types";

/** Each key's value and TTL (seconds) in maps; counts the reads. */
export class MapStore implements KvStore {
  readonly kind = "redis" as const;
  data = new Map<string, string>();
  ttls = new Map<string, number>();
  reads = 0;
  async get(k: string) {
    this.reads++;
    return this.data.get(k);
  }
  async set(k: string, value: string, ttl: number) {
    this.data.set(k, value);
    this.ttls.set(k, ttl);
  }
  async del(k: string) {
    this.data.delete(k);
    this.ttls.delete(k);
  }
  async setIfAbsent() {
    return true;
  }
  async delIfEquals() {
    return true;
  }
}

/** Redis unreachable: every read and write throws ECONNREFUSED; counts them. */
export class BrokenStore implements KvStore {
  readonly kind = "redis" as const;
  calls = 0;
  async get(): Promise<string | undefined> {
    this.calls++;
    throw new Error("ECONNREFUSED 127.0.0.1:6379");
  }
  async set(): Promise<void> {
    this.calls++;
    throw new Error("ECONNREFUSED 127.0.0.1:6379");
  }
  async del() {}
  async setIfAbsent() {
    return false;
  }
  async delIfEquals() {
    return false;
  }
}
