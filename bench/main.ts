// npm run bench: B1 (OBO cache hits) and B6 (page-mode flags), in this process, then B2-B5 against two `next start` instances on
// 3100/3101 (BENCH_APP_PORT) sharing one private redis-server, all pointed at an in-process emulator. Loopback only.
// Writes bench/RESULTS.md. A benchmark, not a test: it reports figures beside their goals.
import { spawn, type ChildProcess } from "node:child_process";
import { openSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import autocannon from "autocannon";
import { decodeJwt } from "jose";
import { IDS, startAppEmulator, userToken } from "../harness/app.ts";
import { runB1 } from "./b1-cache.ts";
import { runB5, type B5Result } from "./b5-tasks.ts";
import { measureB4 } from "./b4-weight.ts";
import { runB6, type B6Result } from "./b6-flags.ts";
import { resultsMarkdown, type B2Result, type B3Result, type B4Result } from "./report.ts";

const started = Date.now();
const log = (m: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);
const redisUrl = process.env.BENCH_REDIS_URL!;
const USERS = 500;
// The two instances' ports (BENCH_APP_PORT, default 3100, and the next one), so checkouts can bench side by side.
const A = Number(process.env.BENCH_APP_PORT ?? 3100);
const B = A + 1;
const APP = `http://localhost:${A}`;
const emu = await startAppEmulator((file) => {
  file.generatedUsers = { count: USERS, password: "Passw0rd!" };
});
process.env.REDIS_URL = ""; // B1 measures L1; the servers below get Redis
delete process.env.REDIS_URL;

const b6Table = (b6: B6Result) => ({
  users: b6.users,
  "warm p50 µs": b6.warm.p50.toFixed(2),
  "warm p99 µs": b6.warm.p99.toFixed(2),
  "cold p50 µs": b6.cold.p50.toFixed(0),
  "cold p99 µs": b6.cold.p99.toFixed(0),
});
if (process.env.BENCH_ONLY === "flags") {
  // `npm run bench:flags`: the page-mode flags alone, printed; bench/RESULTS.md is left as it is.
  console.table([b6Table(await runB6())]);
  await emu.close();
  process.exit(0);
}

const servers: ChildProcess[] = [];
const startServer = async (port: number) => {
  // B6 points this process's FEATURE_FLAGS_FILE at its own flags (a quarter of users in SPA mode): the
  // instances must not inherit it, or B4 would weigh an SPA page as the server-mode one.
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMULATOR_PORT: new URL(emu.url).port,
    REDIS_URL: redisUrl,
    AUTH_URL: `http://localhost:${port}`,
    AUTH_TRUST_HOST: "true",
    BENCH: "1",
    FLAG_OVERRIDE_COOKIE: "on",
    LOG_LEVEL: "error",
    NODE_ENV: "production" as const,
  };
  delete env.FEATURE_FLAGS_FILE;
  const out = openSync(`/tmp/bench-next-${port}.log`, "w");
  const child = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
    env,
    stdio: ["ignore", out, out],
  });
  servers.push(child);
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`http://localhost:${port}/api/bench/me`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`next start on ${port} did not come up (see /tmp/bench-next-${port}.log)`);
};
const stopServers = () => servers.forEach((s) => s.kill("SIGTERM"));
process.on("exit", stopServers);

const b5Options = (upn: string) => ({ appUrl: APP, emulatorUrl: emu.url, backendAppId: IDS.backend, upn });
if (process.env.BENCH_ONLY === "b5") {
  // BENCH_ONLY=b5: task creation alone (one instance), printed; bench/RESULTS.md is left as it is.
  await startServer(A);
  const r = await runB5(
    b5Options(emu.ctx.config.users.find((u) => u.userPrincipalName.startsWith("alex@"))!.userPrincipalName),
  );
  console.table({
    "server round trip ms": r.serverRoundTripMs,
    "server round trip with the driver ms": r.serverRoundTripWithDriverMs,
    "SPA optimistic insert ms": r.optimisticInsertMs,
  });
  stopServers();
  await emu.close();
  process.exit(0);
}

log("B1: OBO cache hits");
const b1 = await runB1(emu, [10, 1_000, 10_000, 100_000], (m) => log(m));
if (process.env.BENCH_ONLY === "b1") {
  // `npm run bench:b1`: the cache alone, for working on it; bench/RESULTS.md is left as it is.
  console.table(
    b1.rows.map((r) => ({
      users: r.users,
      "ours p50 µs": r.ours.p50.toFixed(2),
      "ours p99 µs": r.ours.p99.toFixed(2),
      "floor p50 µs": r.floor.p50.toFixed(2),
      "L1 B/user": r.ours.l1BytesPerUser,
      "RSS B/user": r.ours.rssPerUserBytes,
      "naive p50 µs": r.naive?.p50.toFixed(0) ?? "–",
    })),
  );
  await emu.close();
  process.exit(0);
}

log("B6: page-mode flags per request");
const b6 = await runB6();

const upns = emu.ctx.config.users
  .filter((u) => u.accountEnabled && !u.mfaRequired)
  .slice(-USERS)
  .map((u) => u.userPrincipalName);
const tokens = await Promise.all(upns.map((u) => userToken(emu, u)));
const oids = tokens.map((t) => decodeJwt(t).oid as string);
const oboEvents = () =>
  emu.ctx.events
    .list({ type: "token" })
    .filter(
      (e) =>
        (e.data as { grantType?: string } | undefined)?.grantType === "urn:ietf:params:oauth:grant-type:jwt-bearer",
    ).length;

let b2: B2Result | undefined;
let b3: B3Result | undefined;
let b5: B5Result | undefined;
const b4: B4Result = {};
try {
  log(`starting next start on ${A} and ${B}`);
  await startServer(A);
  await startServer(B);

  // B3: each user hits A and B at once, twice, then B again: one OBO per user expected across both.
  log("B3: OBO calls per user across two instances");
  const b3Users = 100;
  const before = oboEvents();
  const call = (port: number, i: number) =>
    fetch(`http://localhost:${port}/api/me`, { headers: { authorization: `Bearer ${tokens[i]}` } }).then(
      (r) => r.status,
    );
  for (let i = 0; i < b3Users; i += 10) {
    const batch = Array.from({ length: 10 }, (_, k) => i + k);
    await Promise.all(batch.flatMap((u) => [call(A, u), call(B, u), call(A, u), call(B, u)]));
  }
  await Promise.all(Array.from({ length: b3Users }, (_, u) => call(B, u)));
  b3 = { users: b3Users, obo: oboEvents() - before };

  // B2: warm every user's cache, then /api/me vs the bare route at 50 connections.
  log("B2: /api/me vs a bare route under autocannon");
  for (let i = 0; i < USERS; i += 25) await Promise.all(Array.from({ length: 25 }, (_, k) => call(A, i + k)));
  let next = 0;
  let leaks = 0;
  const load = (path: string) =>
    autocannon({
      url: `${APP}${path}`,
      connections: 50,
      duration: 10,
      requests: [
        {
          setupRequest: (req, ctx) => {
            const i = next++ % USERS;
            (ctx as { user: number }).user = i;
            return { ...req, headers: { authorization: `Bearer ${tokens[i]}` } };
          },
          onResponse: (status, body, ctx) => {
            if (
              path === "/api/me" &&
              status === 200 &&
              (JSON.parse(body) as { id: string }).id !== oids[(ctx as { user: number }).user]
            )
              leaks++;
          },
        },
      ],
    });
  const bare = await load("/api/bench/me");
  const me = await load("/api/me");
  b2 = { me, bare, leaks };

  // B4: sign in through the app (server mode) with the emulator's pages, then weigh the cookie and the page's JS.
  log("B4: session cookie and page JS");
  await measureB4(b4, APP, upns[0]);

  // B5: adding a task on a warm cache, server mode (form post → 303 → page) and SPA mode (optimistic row).
  log("B5: task creation in both modes");
  b5 = await runB5(b5Options(upns[1]));
} catch (err) {
  log(`B2-B4 failed: ${String(err)}`);
} finally {
  stopServers();
}

writeFileSync(
  resolve("bench/RESULTS.md"),
  resultsMarkdown({ startedAt: started, users: USERS, appPort: A, b1, b2, b3, b4, b5, b6 }),
);
console.log(readFileSync(resolve("bench/RESULTS.md"), "utf8"));
await emu.close();
process.exit(0);
