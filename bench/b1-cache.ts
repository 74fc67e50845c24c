// B1: OBO cache-hit latency and memory per user, this project's partitioned cache vs ONE shared msal-node
// ConfidentialClientApplication. Both caches are seeded from real OBO responses of the emulator: a sample
// of real exchanges, then clones of those msal entities with distinct assertions (so distinct
// user_assertion_hash, partition key, home_account_id and token bytes), written through the same code path
// a real response takes (savePartition for ours, TokenCache.deserialize for msal's).
import { createHash, randomBytes } from "node:crypto";
import { ConfidentialClientApplication } from "@azure/msal-node";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, IDS, SECRETS, userToken } from "../harness/app.ts";
import { percentiles, type Stats } from "./stats.ts";

const USER_READ = ["https://graph.microsoft.com/User.Read"];
const gc = () => (globalThis as { gc?: () => void }).gc?.();
const rss = () => {
  gc();
  gc();
  return process.memoryUsage().rss;
};

export interface B1Row {
  users: number;
  ours: Stats & { rssPerUserBytes?: number; l1BytesPerUser?: number };
  /** No lookup at all: hash the assertion and read that user's token from a plain array (the floor). */
  floor: Stats;
  naive?: Stats & { rssPerUserBytes?: number; fillSeconds: number };
  naiveSkipped?: string;
}

const fresh = (s: string) => Buffer.from(s, "latin1").toString("latin1");
const syntheticAssertion = (i: number, length: number) =>
  `bench.${i}.${randomBytes(Math.ceil(length * 0.75)).toString("base64url")}`.slice(0, length);

// prepare() runs outside the timed region: it picks a random user and copies the assertion into a fresh
// string, as a request has just read it off the socket (a string last touched minutes ago would add a
// cold-memory read that no real request pays).
async function time<T>(
  prepare: () => T,
  fn: (input: T) => Promise<unknown>,
  samples: number,
  budgetMs: number,
): Promise<number[]> {
  const out: number[] = [];
  const deadline = Date.now() + budgetMs;
  for (let i = 0; i < samples && Date.now() < deadline; i++) {
    const input = prepare();
    const t = process.hrtime.bigint();
    await fn(input);
    out.push(Number(process.hrtime.bigint() - t) / 1000);
  }
  return out;
}

type Template = { assertion: string; partition: import("@/lib/obo/cache").Partition; naiveBlob: string };

interface B1Setup {
  obo: typeof import("@/lib/obo");
  cache: typeof import("@/lib/obo/cache");
  stores: ReturnType<typeof import("@/lib/obo").oboCacheStores>;
  templates: Template[];
  assertionLength: number;
  metadata: string;
  cfg: ReturnType<typeof import("@/lib/config").getConfig>;
}

const fakeCaller = (assertion: string) => ({
  kind: "user" as const,
  via: "bearer" as const,
  assertion,
  oid: "",
  tid: IDS.tenant,
  name: "",
  username: "",
  claims: { aud: "", iss: "", tid: IDS.tenant, exp: 0 },
});

/** A plain msal client of the backend (given the discovery document, it does not fetch it). */
const msalClient = (cfg: B1Setup["cfg"], authorityMetadata?: string) =>
  new ConfidentialClientApplication({
    auth: {
      clientId: IDS.backend,
      clientSecret: SECRETS.backend,
      authority: cfg.entra.authority,
      knownAuthorities: cfg.entra.knownAuthorities,
      ...(authorityMetadata === undefined ? {} : { authorityMetadata }),
    },
  });

/** Real OBO exchanges for a sample of users: the templates every clone copies, in both caches' formats. */
async function setup(emu: RunningEmulator, max: number): Promise<B1Setup> {
  const obo = await import("@/lib/obo");
  const cache = await import("@/lib/obo/cache");
  const { resolveCaller } = await import("@/lib/bearer");
  const { getConfig } = await import("@/lib/config");
  const cfg = getConfig();
  const metadata = JSON.stringify(
    await (await fetch(`${cfg.entra.authority}/v2.0/.well-known/openid-configuration`)).json(),
  );
  obo.configureOboCache({ l1: new cache.LruCache(max + 10, 2 * 1024 * 1024 * 1024) });
  const stores = obo.oboCacheStores();

  // Real exchanges for a sample of users: these are the templates every clone copies.
  const upns = ["adele", "alex", "megan", "grady"];
  const templates: Template[] = [];
  for (const upn of upns) {
    const assertion = await userToken(emu, upn);
    const caller = await resolveCaller(apiRequest("/api/me", assertion));
    await obo.getAuthorizationHeader({ scopes: USER_READ, caller });
    const partition = stores.l1.get(cache.partitionKey(assertion))!;
    // The same exchange through a plain msal client, to get msal's full serialized cache (account, ID token).
    const cca = msalClient(cfg);
    await cca.acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes: ["User.Read"] });
    templates.push({ assertion, partition, naiveBlob: cca.getTokenCache().serialize() });
  }
  const assertionLength = templates[0].assertion.length;

  return { obo, cache, stores, templates, assertionLength, metadata, cfg };
}

/** Our cache, grown level by level; clones go through savePartition exactly as an OBO response does. */
async function measureOurs(s: B1Setup, levels: number[], log: (m: string) => void): Promise<B1Row[]> {
  const { stores, assertionLength } = s;
  const max = Math.max(...levels);
  stores.l1.clear();
  const assertions = Array.from({ length: max }, (_, i) => syntheticAssertion(i, assertionLength)); // before the baseline
  const rows: B1Row[] = [];
  const base = rss();
  const secrets: string[] = []; // each user's token string as L1 holds it, for the floor
  for (const users of levels) {
    const t0 = Date.now();
    seedOurs(s, assertions, secrets, users);
    const after = rss();
    log(`  B1 ours: ${users} users seeded in ${Date.now() - t0} ms`);
    const { samples, floorSamples } = await timeOurs(s, assertions, secrets, users);
    rows.push({
      users,
      ours: {
        ...percentiles(samples),
        rssPerUserBytes: users >= 1_000 ? Math.round((after - base) / users) : undefined,
        l1BytesPerUser: Math.round(stores.l1.totalBytes / users),
      },
      floor: percentiles(floorSamples),
    });
    log(
      `  B1 ours: ${users} users p50 ${rows.at(-1)!.ours.p50.toFixed(2)} µs (floor ${rows.at(-1)!.floor.p50.toFixed(2)} µs)`,
    );
  }
  stores.l1.clear();
  assertions.length = 0;
  secrets.length = 0;
  gc();

  return rows;
}

/** Seeds our cache up to `users` partitions (one per assertion), keeping each user's token for the floor. */
function seedOurs({ cache, stores, templates }: B1Setup, assertions: string[], secrets: string[], users: number): void {
  for (let i = secrets.length; i < users; i++) {
    const tpl = templates[i % templates.length];
    const assertion = assertions[i];
    const h = cache.assertionHashes(assertion);
    const [[key, at]] = Object.entries(tpl.partition.tokens);
    const uniq = h.key.slice(0, 12);
    const clone = {
      ...at,
      userAssertionHash: h.msal,
      home_account_id: `${uniq}-${at.home_account_id}`,
      secret: `${at.secret.slice(0, -12)}${uniq}`,
    };
    const { partition } = cache.savePartition(
      stores,
      h.key,
      JSON.stringify({ AccessToken: { [`${uniq}-${key}`]: clone } }),
    );
    secrets.push(Object.values(partition.tokens)[0].secret);
  }
}

/** Hits on the first `users` seeded users, and the floor's samples over the same users. */
async function timeOurs(
  { obo }: B1Setup,
  assertions: string[],
  secrets: string[],
  users: number,
): Promise<{ samples: number[]; floorSamples: number[] }> {
  const pick = () => fakeCaller(fresh(assertions[Math.floor(Math.random() * users)]));
  const hit = (caller: ReturnType<typeof fakeCaller>) => obo.getAuthorizationHeader({ scopes: USER_READ, caller });
  // The floor: what any cache must do at least (hash the assertion, read the token to send it), with the
  // lookup replaced by an array index. Its own growth is the memory hierarchy's, not the cache's.
  const pickUser = () => {
    const i = Math.floor(Math.random() * users);
    return { i, assertion: fresh(assertions[i]) };
  };
  const floor = async ({ i, assertion }: { i: number; assertion: string }) => {
    createHash("sha256").update(assertion, "utf8").digest();
    return `Bearer ${secrets[i]}`;
  };
  await time(pick, hit, 2_000, 2_000); // warm-up
  await time(pickUser, floor, 2_000, 2_000);
  // Interleaved rounds, so both see the same state of the process.
  const samples: number[] = [];
  const floorSamples: number[] = [];
  for (let round = 0; round < 4; round++) {
    samples.push(...(await time(pick, hit, 5_000, 1_500)));
    floorSamples.push(...(await time(pickUser, floor, 5_000, 1_500)));
  }
  return { samples, floorSamples };
}

/** `users` clones of the templates' full msal caches (Account, IdToken, tokens), each under its own assertion. */
function naiveCache(s: B1Setup, users: number) {
  const { cache, templates, assertionLength } = s;
  const merged: Record<string, Record<string, unknown>> = {
    Account: {},
    IdToken: {},
    AccessToken: {},
    RefreshToken: {},
    AppMetadata: {},
  };
  const naiveAssertions: string[] = [];
  for (let i = 0; i < users; i++) {
    const tpl = templates[i % templates.length];
    const assertion = syntheticAssertion(i, assertionLength);
    const h = cache.assertionHashes(assertion);
    const uniq = h.key.slice(0, 12);
    const blob = JSON.parse(tpl.naiveBlob) as Record<string, Record<string, Record<string, string>>>;
    for (const section of ["Account", "IdToken", "AccessToken", "RefreshToken"]) {
      for (const [k, v] of Object.entries(blob[section] ?? {})) {
        const hid = `${uniq}-${v.home_account_id}`;
        const e: Record<string, string> = { ...v, home_account_id: hid };
        if (e.secret) e.secret = `${e.secret.slice(0, -12)}${uniq}`;
        if (section === "AccessToken" || section === "RefreshToken") e.userAssertionHash = h.msal;
        if (section === "Account") e.local_account_id = `${uniq}-${e.local_account_id}`;
        merged[section][`${uniq}-${k}`] = e;
      }
    }
    naiveAssertions.push(assertion);
  }
  return { merged, naiveAssertions };
}

/** msal's own cache: ONE ConfidentialClientApplication holding every user, per level within a time budget. */
async function measureNaive(s: B1Setup, rows: B1Row[], log: (m: string) => void): Promise<void> {
  const { cfg, metadata } = s;
  const NAIVE_BUDGET_MS = 45_000;
  let spent = 0;
  for (const row of rows) {
    const previous = rows[rows.indexOf(row) - 1]?.naive;
    if (spent > NAIVE_BUDGET_MS || (previous && previous.p50 > 20_000 && row.users > 10_000)) {
      row.naiveSkipped = `capped: ${previous ? `${(previous.p50 / 1000).toFixed(0)} ms per hit at ${rows[rows.indexOf(row) - 1].users} users, ` : ""}over the time budget`;
      log(`  B1 naive: ${row.users} users skipped (${row.naiveSkipped})`);
      continue;
    }
    const startedAt = Date.now();
    const naiveBase = rss();
    const cca = msalClient(cfg, metadata);
    const { merged, naiveAssertions } = naiveCache(s, row.users);
    cca.getTokenCache().deserialize(JSON.stringify(merged));
    const fillSeconds = (Date.now() - startedAt) / 1000;
    const after = rss();
    const pick = () => fresh(naiveAssertions[Math.floor(Math.random() * naiveAssertions.length)]);
    const call = async (oboAssertion: string) => {
      const r = await cca.acquireTokenOnBehalfOf({ oboAssertion, scopes: ["User.Read"] });
      if (!r?.fromCache) throw new Error("naive: expected a cache hit");
    };
    await time(pick, call, 50, 3_000);
    const samples = await time(pick, call, 2_000, Math.max(2_000, Math.min(15_000, NAIVE_BUDGET_MS - spent)));
    row.naive = {
      ...percentiles(samples),
      fillSeconds,
      rssPerUserBytes: row.users >= 1_000 ? Math.round((after - naiveBase) / row.users) : undefined,
    };
    log(`  B1 naive: ${row.users} users p50 ${row.naive.p50.toFixed(1)} µs (${samples.length} samples)`);
    spent += Date.now() - startedAt;
  }
}

export async function runB1(
  emu: RunningEmulator,
  levels = [10, 1_000, 10_000, 100_000],
  log = console.log,
): Promise<{ rows: B1Row[]; method: string }> {
  const s = await setup(emu, Math.max(...levels));
  const rows = await measureOurs(s, levels, log);
  await measureNaive(s, rows, log);
  const { templates, assertionLength } = s;
  const method = `Ours: ${templates.length} real OBO exchanges against the emulator (one per user), then each level filled to N partitions by cloning those msal AccessToken entities under fresh random assertions of the real length (${assertionLength} chars), with the user_assertion_hash, home_account_id, cache key and the last 12 characters of the token made distinct, each written through savePartition (the path an OBO response takes); hits call getAuthorizationHeader with a random seeded assertion, in 4 rounds of 5,000 interleaved with the floor (the SHA-256 of the same kind of assertion and that user's token string, as L1 holds it, read from a plain array: the least any cache must do). Naive: the same real responses from a plain ConfidentialClientApplication, cloned the same way with their Account and IdToken entities, loaded into ONE client with TokenCache.deserialize; hits call acquireTokenOnBehalfOf (fromCache asserted). RSS per user = RSS growth after two forced GCs / N (not given at 10 users: noise).`;
  return { rows, method };
}
