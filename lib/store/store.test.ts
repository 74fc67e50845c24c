// One suite, two stores: every KvStore must behave the same, so sessions and locks work on either.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { MemoryStore } from "./memory";
import { RedisStore } from "./redis";
import type { CounterStore, KvStore } from "./types";

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
if (!REDIS_TEST_URL)
  console.warn(
    "lib/store: REDIS_TEST_URL is not set, skipping the Redis store suite (e.g. REDIS_TEST_URL=redis://127.0.0.1:6391)",
  );

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function storeSuite(
  name: string,
  make: () => KvStore & CounterStore,
  close: (s: KvStore) => Promise<void> = async () => {},
) {
  describe(`${name} store`, () => {
    const store = make();
    afterAll(() => close(store));
    const k = () => `test:${randomUUID()}`;

    it("round-trips a value and deletes it", async () => {
      const key = k();
      expect(await store.get(key)).toBeUndefined();
      await store.set(key, "v1", 60);
      expect(await store.get(key)).toBe("v1");
      await store.set(key, "v2", 60);
      expect(await store.get(key)).toBe("v2");
      await store.del(key);
      expect(await store.get(key)).toBeUndefined();
    });

    it("expires a value after its TTL", async () => {
      const key = k();
      await store.set(key, "v", 0.2);
      expect(await store.get(key)).toBe("v");
      await sleep(350);
      expect(await store.get(key)).toBeUndefined();
    });

    it("rejects a non-positive TTL", async () => {
      await expect(store.set(k(), "v", 0)).rejects.toThrow(RangeError);
    });

    it("setIfAbsent creates once, and again after expiry", async () => {
      const key = k();
      expect(await store.setIfAbsent(key, "a", 0.2)).toBe(true);
      expect(await store.setIfAbsent(key, "b", 0.2)).toBe(false);
      expect(await store.get(key)).toBe("a");
      await sleep(350);
      expect(await store.setIfAbsent(key, "c", 60)).toBe(true);
      expect(await store.get(key)).toBe("c");
    });

    it("setIfAbsent lets exactly one of many concurrent callers win", async () => {
      const key = k();
      const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setIfAbsent(key, `v${i}`, 60)));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("delIfEquals deletes only the owner's value", async () => {
      const key = k();
      await store.set(key, "mine", 60);
      expect(await store.delIfEquals(key, "theirs")).toBe(false);
      expect(await store.get(key)).toBe("mine");
      expect(await store.delIfEquals(key, "mine")).toBe(true);
      expect(await store.get(key)).toBeUndefined();
      expect(await store.delIfEquals(key, "mine")).toBe(false);
    });

    it("adds to counter fields, concurrently without losing an increment, and expires the map", async () => {
      const key = k();
      expect(await store.readFields(key)).toEqual({});
      await Promise.all(Array.from({ length: 20 }, () => store.incrementFields(key, { loads: 1, ms: 2.5 }, 0.4)));
      await store.incrementFields(key, { errors: 3 }, 0.4);
      expect(await store.readFields(key)).toEqual({ loads: 20, ms: 50, errors: 3 });
      await sleep(550);
      expect(await store.readFields(key)).toEqual({});
    });
  });
}

storeSuite("memory", () => new MemoryStore());

if (REDIS_TEST_URL) {
  storeSuite(
    "redis",
    () => new RedisStore(REDIS_TEST_URL, { keyPrefix: `test-${randomUUID()}:` }),
    (s) => (s as RedisStore).close(),
  );
} else {
  describe.skip("redis store (REDIS_TEST_URL not set)", () => {
    it("skipped", () => {});
  });
}

describe("memory store bounds", () => {
  it("evicts the least recently used entry beyond its capacity", async () => {
    const store = new MemoryStore(3);
    await store.set("a", "1", 60);
    await store.set("b", "2", 60);
    await store.set("c", "3", 60);
    await store.get("a"); // a is now the most recently used
    await store.set("d", "4", 60);
    expect(await store.get("b")).toBeUndefined();
    expect(await store.get("a")).toBe("1");
    expect(store.size).toBe(3);
  });

  it("drops expired entries on read with a frozen clock", async () => {
    let now = 1_000_000;
    const store = new MemoryStore(10, () => now);
    await store.set("a", "1", 10);
    now += 9_999;
    expect(await store.get("a")).toBe("1");
    now += 1;
    expect(await store.get("a")).toBeUndefined();
    expect(store.size).toBe(0);
  });
});
