// B6: what page-mode flags add to a request in proxy.ts (lib/rollout modesFor: the user's groups from
// the targeting memo, every page's flag, the overrides), for 10,000 users under a realistic flags file
// (per page: a pilot group, then 25 % by percentile). "Warm": a user's later requests, the answer
// memoized per user and definitions version. "Cold": each user's first request after the file changed,
// evaluated by @microsoft/feature-management (a WebCrypto SHA-256 per percentile allocation and flag).
import { randomUUID } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { flagDocument, groupsAndPercent } from "../harness/flags.ts";
import { percentiles, type Stats } from "./stats.ts";

export interface B6Result {
  users: number;
  pages: number;
  warm: Stats;
  cold: Stats;
}

const USERS = 10_000;
const GROUPS_PER_USER = 40;

export async function runB6(): Promise<B6Result> {
  const file = join(mkdtempSync(join(tmpdir(), "b6-")), "flags.json");
  const pilot = randomUUID();
  process.env.FEATURE_FLAGS_FILE = file;
  const { modesFor, rolloutRuntime } = await import("../lib/rollout/index.ts");
  const { PAGES } = await import("../lib/rollout/pages.ts");
  const { targetingRecord } = await import("../lib/rollout/targeting.ts");
  writeFileSync(file, flagDocument(...PAGES.map((p) => groupsAndPercent(p, [pilot], 25))));
  const runtime = rolloutRuntime();
  await runtime.file.ready;
  const users = Array.from({ length: USERS }, (_, i) => ({
    oid: randomUUID(),
    preferred_username: `user${i}@contoso.onmicrosoft.com`,
  }));
  for (const [i, u] of users.entries()) {
    const groups = Array.from({ length: GROUPS_PER_USER }, () => randomUUID());
    if (i % 10 === 0) groups.push(pilot);
    await runtime.targeting.save(u.oid, targetingRecord(groups, false, true));
  }
  const time = async (u: (typeof users)[number]) => {
    const start = process.hrtime.bigint();
    await modesFor(u, undefined);
    return Number(process.hrtime.bigint() - start) / 1000;
  };
  const cold: number[] = [];
  for (const u of users) cold.push(await time(u));
  const warm: number[] = [];
  for (let round = 0; round < 3; round++)
    for (const _ of users) warm.push(await time(users[Math.floor(Math.random() * USERS)]!));
  runtime.file.close();
  return { users: USERS, pages: PAGES.length, warm: percentiles(warm), cold: percentiles(cold) };
}
