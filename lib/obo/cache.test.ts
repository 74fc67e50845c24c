import { describe, expect, it } from "vitest";
import type { KvStore } from "@/lib/store/types";
import { LruCache, partitionKey, readPartition, writePartition } from "./cache";

const blob = (expiresOn: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ AccessToken: { k: { expires_on: String(expiresOn), secret: "at" } }, RefreshToken: { r: { secret: "rt" } }, ...extra });
const now = () => Math.floor(Date.now() / 1000);

class MapStore implements KvStore {
  readonly kind = "redis" as const;
  data = new Map<string, { value: string; ttl: number }>();
  async get(k: string) { return this.data.get(k)?.value; }
  async set(k: string, value: string, ttl: number) { this.data.set(k, { value, ttl }); }
  async del(k: string) { this.data.delete(k); }
  async setIfAbsent() { return true; }
  async delIfEquals() { return true; }
}

class BrokenStore implements KvStore {
  readonly kind = "redis" as const;
  calls = 0;
  async get(): Promise<string | undefined> { this.calls++; throw new Error("ECONNREFUSED"); }
  async set(): Promise<void> { this.calls++; throw new Error("ECONNREFUSED"); }
  async del() {}
  async setIfAbsent() { return false; }
  async delIfEquals() { return false; }
}

describe("LruCache", () => {
  it("evicts the least recently used entry past the entry bound", () => {
    const lru = new LruCache(2, 1_000_000);
    lru.set("a", "1", 60);
    lru.set("b", "2", 60);
    lru.get("a");
    lru.set("c", "3", 60);
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual(["1", undefined, "3"]);
  });
  it("evicts past the byte bound and never stores an oversized value", () => {
    const lru = new LruCache(100, 10);
    lru.set("a", "123456", 60);
    lru.set("b", "123456", 60);
    expect(lru.get("a")).toBeUndefined();
    expect(lru.totalBytes).toBe(6);
    lru.set("c", "x".repeat(11), 60);
    expect(lru.get("c")).toBeUndefined();
  });
  it("expires entries at their TTL", () => {
    const lru = new LruCache();
    lru.set("a", "1", 10, 1_000);
    expect(lru.get("a", 5_000)).toBe("1");
    expect(lru.get("a", 11_001)).toBeUndefined();
    expect(lru.size).toBe(0);
  });
});

describe("partitions", () => {
  it("are keyed by SHA-256 of the assertion", () => {
    expect(partitionKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("write L1 and L2 with the access token's remaining lifetime, without the refresh token", async () => {
    const l2 = new MapStore();
    const stores = { l1: new LruCache(), l2 };
    await writePartition(stores, "p", blob(now() + 600));
    const stored = l2.data.get("obo:v1:p")!;
    expect(stored.ttl).toBeGreaterThan(590);
    expect(stored.ttl).toBeLessThanOrEqual(600);
    expect(JSON.parse(stored.value).RefreshToken).toBeUndefined();
    expect(stores.l1.get("p")).toBe(stored.value);
  });

  it("skip blobs whose tokens have all expired", async () => {
    const l2 = new MapStore();
    await writePartition({ l1: new LruCache(), l2 }, "p", blob(now() - 1));
    expect(l2.data.size).toBe(0);
  });

  it("read L2 on an L1 miss and warm L1", async () => {
    const l2 = new MapStore();
    const value = blob(now() + 600);
    await l2.set("obo:v1:p", value, 600);
    const stores = { l1: new LruCache(), l2 };
    expect(await readPartition(stores, "p")).toBe(value);
    expect(stores.l1.get("p")).toBe(value);
  });

  it("fall back to L1 when L2 fails, without failing", async () => {
    const l2 = new BrokenStore();
    const stores = { l1: new LruCache(), l2 };
    await expect(writePartition(stores, "p", blob(now() + 600))).resolves.toBeUndefined();
    expect(await readPartition(stores, "p")).toContain("expires_on");
    expect(await readPartition(stores, "q")).toBeUndefined();
    expect(l2.calls).toBe(2);
  });
});
