import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { HitIndex } from "./hit-index";

const digestOf = (s: string) => createHash("sha256").update(s).digest();
const same = (scopes: readonly string[]) => [...scopes];
/** A digest whose first word (the home slot) is forced, so records collide on purpose. */
const colliding = (s: string, word0: number) => {
  const d = digestOf(s);
  d.writeUInt32LE(word0 >>> 0, 0);
  return d;
};
const NOW = 1_900_000_000;

describe("HitIndex", () => {
  it("answers only for the exact digest and scope set, and only while servable", () => {
    const index = new HitIndex();
    const read = index.scopeSetId("client", ["User.Read"], same);
    const other = index.scopeSetId("client", ["Mail.Read"], same);
    index.set(digestOf("alice"), read, NOW + 100, "token-alice");
    expect(index.get(digestOf("alice"), read, NOW)).toBe("token-alice");
    expect(index.get(digestOf("alice"), other, NOW)).toBeUndefined();
    expect(index.get(digestOf("bob"), read, NOW)).toBeUndefined();
    expect(index.get(digestOf("alice"), read, NOW + 99)).toBe("token-alice");
    expect(index.get(digestOf("alice"), read, NOW + 100)).toBeUndefined();
  });

  it("tells digests apart that share a home slot, by all 256 bits", () => {
    const index = new HitIndex();
    const id = index.scopeSetId("client", ["User.Read"], same);
    const a = colliding("a", 7);
    const b = Buffer.from(a);
    b[31] ^= 1; // differs in the very last bit only
    index.set(a, id, NOW + 100, "token-a");
    expect(index.get(b, id, NOW)).toBeUndefined();
    index.set(b, id, NOW + 100, "token-b");
    expect([index.get(a, id, NOW), index.get(b, id, NOW)]).toEqual(["token-a", "token-b"]);
    expect(index.size).toBe(2);
  });

  it("replaces a record for the same key instead of adding one", () => {
    const index = new HitIndex();
    const id = index.scopeSetId("client", ["User.Read"], same);
    index.set(digestOf("alice"), id, NOW + 100, "old");
    index.set(digestOf("alice"), id, NOW + 200, "new");
    expect(index.get(digestOf("alice"), id, NOW + 150)).toBe("new");
    expect(index.size).toBe(1);
  });

  it("forgets every scope set of one assertion and nothing else", () => {
    const index = new HitIndex();
    const ids = [index.scopeSetId("client", ["User.Read"], same), index.scopeSetId("client", ["Mail.Read"], same)];
    for (const id of ids) {
      index.set(digestOf("alice"), id, NOW + 100, `alice-${id}`);
      index.set(digestOf("bob"), id, NOW + 100, `bob-${id}`);
    }
    index.deleteDigest(digestOf("alice"));
    expect(ids.map((id) => index.get(digestOf("alice"), id, NOW))).toEqual([undefined, undefined]);
    expect(ids.map((id) => index.get(digestOf("bob"), id, NOW))).toEqual(["bob-0", "bob-1"]);
    expect(index.size).toBe(2);
  });

  it("reports reads once, for eviction's second chance", () => {
    const index = new HitIndex();
    const id = index.scopeSetId("client", ["User.Read"], same);
    index.set(digestOf("alice"), id, NOW + 100, "t");
    expect(index.takeRead(digestOf("alice"))).toBe(false);
    index.get(digestOf("alice"), id, NOW);
    expect(index.takeRead(digestOf("alice"))).toBe(true);
    expect(index.takeRead(digestOf("alice"))).toBe(false);
    expect(index.takeRead(digestOf("bob"))).toBe(false);
  });

  it("stops memoizing new scope sets past its bound instead of growing without limit", () => {
    const index = new HitIndex();
    for (let i = 0; i < 256; i++) expect(index.scopeSetId("client", [`scope-${i}`], same)).toBe(i);
    const over = index.scopeSetId("client", ["one-too-many"], same);
    expect(over).toBe(-1);
    index.set(digestOf("alice"), over, NOW + 100, "t");
    expect(index.get(digestOf("alice"), over, NOW)).toBeUndefined();
    expect(index.size).toBe(0);
    expect(index.scopeSetId("client", ["scope-3"], same)).toBe(3); // known sets still work
  });

  it("keeps the scope sets as findToken is asked for them", () => {
    const index = new HitIndex();
    index.scopeSetId("client", ["https://graph.microsoft.com/User.Read"], (s) =>
      s.map((x) => x.replace("https://graph.microsoft.com/", "")),
    );
    expect(index.scopeSetsSeen).toEqual([{ id: 0, clientId: "client", scopes: ["User.Read"] }]);
  });

  it("matches a Map through growth, collisions and deletions (the probe runs stay intact)", () => {
    const index = new HitIndex();
    const ids = [0, 1, 2].map((i) => index.scopeSetId("client", [`s${i}`], same));
    const model = new Map<string, string>();
    let seed = 42;
    const random = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    // 600 users over 8 home words: long runs that wrap around the table and shift on every delete.
    const users = Array.from({ length: 600 }, (_, i) => colliding(`user-${i}`, random(8) * 0x3ff));
    for (let step = 0; step < 20_000; step++) {
      const u = random(users.length);
      const id = ids[random(ids.length)];
      const key = `${u}/${id}`;
      const op = random(10);
      if (op < 5) {
        index.set(users[u], id, NOW + 100, `t-${key}-${step}`);
        model.set(key, `t-${key}-${step}`);
      } else if (op < 7) {
        index.deleteDigest(users[u]);
        for (const i of ids) model.delete(`${u}/${i}`);
      } else {
        expect(index.get(users[u], id, NOW)).toBe(model.get(key));
      }
    }
    expect(index.size).toBe(model.size);
    for (let u = 0; u < users.length; u++)
      for (const id of ids) expect(index.get(users[u], id, NOW)).toBe(model.get(`${u}/${id}`));
    index.clear();
    expect(index.size).toBe(0);
    expect(index.get(users[0], ids[0], NOW)).toBeUndefined();
  });
});
