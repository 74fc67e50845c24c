import { describe, expect, it } from "vitest";
import { LruCache } from "./lru";

describe("LruCache", () => {
  it("evicts the least recently used entry past the entry bound", () => {
    const lru = new LruCache(2, 1_000_000);
    lru.set("a", "1", 60);
    lru.set("b", "2", 60);
    lru.get("a");
    lru.set("c", "3", 60);
    expect([lru.get("a"), lru.get("b"), lru.get("c")]).toEqual(["1", undefined, "3"]);
  });
  it("never evicts the entry being set, even when every other entry was read since the last pass", () => {
    const lru = new LruCache(2, 1_000_000);
    lru.set("a", "1", 60);
    lru.set("b", "2", 60);
    lru.get("a");
    lru.get("b");
    lru.set("c", "3", 60);
    expect(lru.get("c")).toBe("3");
    expect(lru.size).toBe(2);
    expect([lru.get("a"), lru.get("b")].filter(Boolean)).toHaveLength(1);
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
