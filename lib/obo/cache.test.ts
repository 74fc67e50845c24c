import { describe, expect, it } from "vitest";
import {
  assertionHashes,
  createStores,
  findToken,
  flushPending,
  L2Breaker,
  LruCache,
  partitionKey,
  readL2,
  savePartition,
  toMsalCache,
  type MsalAccessToken,
} from "./cache";
import { BrokenStore, MapStore } from "../../test/support/kv-stores.ts";

const now = () => Math.floor(Date.now() / 1000);
const CLIENT = "backend-client-id";
const HASH = assertionHashes("the-assertion");
const at = (target: string, expiresOn: number, extra: Partial<MsalAccessToken> = {}): MsalAccessToken => ({
  home_account_id: "oid.tid",
  environment: "login.example",
  credential_type: "AccessToken",
  client_id: CLIENT,
  secret: `at-for-${target}`,
  realm: "tid",
  target: `${target} openid profile offline_access`,
  expires_on: String(expiresOn),
  token_type: "Bearer",
  userAssertionHash: HASH.msal,
  ...extra,
});
/** What msal-node's TokenCache.serialize() returns after one OBO response. */
const msalBlob = (...tokens: MsalAccessToken[]) =>
  JSON.stringify({
    Account: { a: {} },
    IdToken: { i: { secret: "id" } },
    AccessToken: Object.fromEntries(tokens.map((t) => [`key-${t.target}`, t])),
    RefreshToken: { r: { secret: "rt" } },
    AppMetadata: {},
  });
const query = (scopes: string[], extra = {}) => ({ clientId: CLIENT, scopes, assertionHash: HASH.msal, ...extra });

describe("partitions", () => {
  it("are keyed by SHA-256 of the assertion, with msal's base64url user_assertion_hash beside it", () => {
    expect(partitionKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(assertionHashes("abc")).toEqual({
      key: partitionKey("abc"),
      msal: "ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0",
    });
  });

  it("write L1 now and L2 behind, in msal's format with access tokens only, for the token's servable lifetime", async () => {
    const l2 = new MapStore();
    const stores = createStores({ l2 });
    const { written } = savePartition(stores, "p", msalBlob(at("User.Read", now() + 900)));
    expect(stores.l1.get("p")).toBeDefined();
    await written;
    const ttl = l2.ttls.get("obo:v2:p")!;
    expect(ttl).toBeGreaterThan(590);
    expect(ttl).toBeLessThanOrEqual(600);
    const parsed = JSON.parse(l2.data.get("obo:v2:p")!);
    expect(Object.keys(parsed).sort()).toEqual(["AccessToken", "Account", "AppMetadata", "IdToken", "RefreshToken"]);
    expect(parsed.RefreshToken).toEqual({});
    expect(parsed.IdToken).toEqual({});
    expect(Object.keys(parsed.AccessToken)).toHaveLength(1);
  });

  it("live no longer than the assertion they belong to (a 28 h CAE token under a 1 h assertion)", async () => {
    const l2 = new MapStore();
    const stores = createStores({ l2 });
    const { written } = savePartition(
      stores,
      "p",
      msalBlob(at("User.Read", now() + 28 * 3600)),
      undefined,
      now() + 3600,
    );
    await written;
    expect(l2.ttls.get("obo:v2:p")).toBeLessThanOrEqual(3600);
    expect(l2.ttls.get("obo:v2:p")).toBeGreaterThan(3590);
    expect(stores.l1.get("p", Date.now() + 3601 * 1000)).toBeUndefined();
    const fresh = createStores({ l2 });
    await readL2(fresh, "p", now() + 60);
    expect(fresh.l1.get("p", Date.now() + 59 * 1000)).toBeDefined();
    expect(fresh.l1.get("p", Date.now() + 61 * 1000)).toBeUndefined();
  });

  it("does not wait for a slow L2 write", async () => {
    let release!: () => void;
    const l2 = new MapStore();
    l2.set = () => new Promise<void>((r) => (release = r));
    const stores = createStores({ l2 });
    savePartition(stores, "p", msalBlob(at("User.Read", now() + 900)));
    expect(findToken(stores.l1.get("p")!, query(["User.Read"]))?.secret).toBe("at-for-User.Read");
    expect(stores.pending.size).toBe(1);
    release();
    await flushPending(stores);
    expect(stores.pending.size).toBe(0);
  });

  it("skip blobs whose tokens are all within msal's renewal offset", () => {
    const l2 = new MapStore();
    const stores = createStores({ l2 });
    savePartition(stores, "p", msalBlob(at("User.Read", now() + 200)));
    expect(stores.l1.size).toBe(0);
    expect(l2.data.size).toBe(0);
  });

  it("read L2 on an L1 miss and warm L1", async () => {
    const l2 = new MapStore();
    await l2.set("obo:v2:p", toMsalCache({ tokens: { k: at("User.Read", now() + 900) } }), 600);
    const stores = createStores({ l2 });
    const partition = await readL2(stores, "p");
    expect(findToken(partition!, query(["user.read"]))?.secret).toBe("at-for-User.Read");
    expect(stores.l1.get("p")).toEqual(partition);
  });

  it("merge a new token beside tokens for other scopes and replace overlapping ones, as msal does", () => {
    const stores = createStores();
    savePartition(stores, "p", msalBlob(at("User.Read", now() + 900)));
    savePartition(stores, "p", msalBlob(at("Mail.Read", now() + 900)), stores.l1.get("p"));
    savePartition(
      stores,
      "p",
      msalBlob(at("User.Read User.ReadBasic.All", now() + 1800, { secret: "newer" })),
      stores.l1.get("p"),
    );
    const partition = stores.l1.get("p")!;
    expect(
      Object.values(partition.tokens)
        .map((t) => t.secret)
        .sort(),
    ).toEqual(["at-for-Mail.Read", "newer"]);
  });

  it("fall back to L1 when L2 fails, skip L2 while it is down, and try it again later", async () => {
    const l2 = new BrokenStore();
    const breaker = new L2Breaker(50);
    const stores = createStores({ l2, breaker });
    savePartition(stores, "p", msalBlob(at("User.Read", now() + 900)));
    await flushPending(stores);
    expect(breaker.open).toBe(true);
    expect(stores.l1.get("p")).toBeDefined();
    expect(await readL2(stores, "q")).toBeUndefined();
    expect(l2.calls).toBe(1); // the read was skipped: the breaker is open
    await new Promise((r) => setTimeout(r, 80));
    expect(await readL2(stores, "q")).toBeUndefined();
    expect(l2.calls).toBe(2);
  });
});

describe("findToken (msal-node's OBO lookup rules)", () => {
  // One fixed instant: a second boundary between building the partition and querying must not shift the edge.
  const t0 = now();
  const partition = { tokens: { a: at("User.Read GroupMember.Read.All", t0 + 900) } };
  it("matches a subset of the cached scopes, case-insensitively, ignoring OIDC scopes", () => {
    expect(findToken(partition, query(["user.read"]))).toBeDefined();
    expect(findToken(partition, query(["User.Read", "GroupMember.Read.All", "openid"]))).toBeDefined();
  });
  it("misses other scopes", () => expect(findToken(partition, query(["Mail.Read"]))).toBeUndefined());
  it("misses another assertion's token", () =>
    expect(
      findToken(partition, query(["User.Read"], { assertionHash: assertionHashes("other").msal })),
    ).toBeUndefined());
  it("misses another client's token", () =>
    expect(findToken(partition, query(["User.Read"], { clientId: "other" }))).toBeUndefined());
  it("misses a token within the renewal offset (300 s)", () => {
    expect(findToken(partition, query(["User.Read"], { nowSeconds: t0 + 599 }))).toBeDefined();
    expect(findToken(partition, query(["User.Read"], { nowSeconds: t0 + 600 }))).toBeUndefined();
  });
  it("misses a PoP token", () =>
    expect(
      findToken({ tokens: { a: at("User.Read", now() + 900, { token_type: "pop" }) } }, query(["User.Read"])),
    ).toBeUndefined());
});

describe("the hit index in front of L1", () => {
  const USER_READ = ["User.Read"];
  const keyOf = (assertion: string) => assertionHashes(assertion).key;
  const tokenFor = (assertion: string, target: string, secret: string, expiresOn = now() + 900) =>
    at(target, expiresOn, { secret, userAssertionHash: assertionHashes(assertion).msal });
  const memo = (stores: ReturnType<typeof createStores>, assertion: string, scopes = USER_READ) =>
    stores.hits.get(
      Buffer.from(keyOf(assertion), "hex"),
      stores.hits.scopeSetId(CLIENT, scopes, (s) => [...s]),
      now(),
    );

  it("memoizes findToken's answer when a partition is written, for scope sets asked before", () => {
    const stores = createStores();
    stores.hits.scopeSetId(CLIENT, USER_READ, (s) => [...s]);
    savePartition(stores, keyOf("alice"), msalBlob(tokenFor("alice", "User.Read", "alice-token")));
    expect(memo(stores, "alice")).toBe("alice-token");
    expect(memo(stores, "bob")).toBeUndefined();
    expect(memo(stores, "alice", ["Mail.Read"])).toBeUndefined(); // findToken would miss it too
  });

  it("memoizes nothing findToken would not answer (another client's or a PoP token)", () => {
    const stores = createStores();
    stores.hits.scopeSetId(CLIENT, USER_READ, (s) => [...s]);
    savePartition(
      stores,
      keyOf("alice"),
      msalBlob(tokenFor("alice", "User.Read", "x"), { ...tokenFor("alice", "Mail.Read", "y"), client_id: "other" }),
    );
    savePartition(stores, keyOf("bob"), msalBlob({ ...tokenFor("bob", "User.Read", "pop"), token_type: "pop" }));
    expect(stores.hits.size).toBe(1);
    expect(memo(stores, "bob")).toBeUndefined();
  });

  it("follows the partition when a new response replaces its token", () => {
    const stores = createStores();
    stores.hits.scopeSetId(CLIENT, USER_READ, (s) => [...s]);
    savePartition(stores, keyOf("alice"), msalBlob(tokenFor("alice", "User.Read", "first")));
    savePartition(
      stores,
      keyOf("alice"),
      msalBlob(tokenFor("alice", "User.Read", "second", now() + 1800)),
      stores.l1.get(keyOf("alice")),
    );
    expect(memo(stores, "alice")).toBe("second");
    expect(stores.hits.size).toBe(1);
  });

  it("forgets a user whose partition L1 evicted, and counts its own hits as reads for eviction", () => {
    const stores = createStores({ l1: new LruCache(2, 10_000_000) });
    stores.hits.scopeSetId(CLIENT, USER_READ, (s) => [...s]);
    savePartition(stores, keyOf("alice"), msalBlob(tokenFor("alice", "User.Read", "a")));
    savePartition(stores, keyOf("bob"), msalBlob(tokenFor("bob", "User.Read", "b")));
    expect(memo(stores, "alice")).toBe("a"); // served by the memo only: L1 itself was not read
    savePartition(stores, keyOf("carol"), msalBlob(tokenFor("carol", "User.Read", "c")));
    expect(stores.l1.has(keyOf("alice"))).toBe(true);
    expect(stores.l1.has(keyOf("bob"))).toBe(false);
    expect(memo(stores, "bob")).toBeUndefined();
    expect([memo(stores, "alice"), memo(stores, "carol")]).toEqual(["a", "c"]);
    stores.l1.clear();
    expect(memo(stores, "alice")).toBeUndefined();
    expect(stores.hits.size).toBe(0);
  });

  it("never answers past the end of the assertion the partition belongs to", () => {
    const stores = createStores();
    stores.hits.scopeSetId(CLIENT, USER_READ, (s) => [...s]);
    const t0 = now();
    savePartition(
      stores,
      keyOf("alice"),
      msalBlob(tokenFor("alice", "User.Read", "a", t0 + 28 * 3600)),
      undefined,
      t0 + 60,
    );
    const digest = Buffer.from(keyOf("alice"), "hex");
    const id = stores.hits.scopeSetId(CLIENT, USER_READ, (s) => [...s]);
    expect(stores.hits.get(digest, id, t0 + 59)).toBe("a");
    expect(stores.hits.get(digest, id, t0 + 60)).toBeUndefined();
  });

  it("memoizes a partition read from L2", async () => {
    const l2 = new MapStore();
    await l2.set(
      `obo:v2:${keyOf("alice")}`,
      toMsalCache({ tokens: { k: tokenFor("alice", "User.Read", "from-l2") } }),
      600,
    );
    const stores = createStores({ l2 });
    stores.hits.scopeSetId(CLIENT, USER_READ, (s) => [...s]);
    await readL2(stores, keyOf("alice"));
    expect(memo(stores, "alice")).toBe("from-l2");
  });
});
