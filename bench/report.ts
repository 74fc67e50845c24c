// bench/RESULTS.md from what bench/main.ts measured: the summary against the goals, then each benchmark's
// table and how it was measured. The rows keep the order the report has always had.
import { cpus } from "node:os";
import type autocannon from "autocannon";
import type { B1Row } from "./b1-cache.ts";
import type { B5Result } from "./b5-tasks.ts";
import type { B6Result } from "./b6-flags.ts";

// The page-JS budget: what the Fluent restyle (and what came after it) may add, gzipped: 10 KB to a
// server-mode page, 15 KB to an SPA-mode one. The pages before it, weighed by this same bench (B4, raw):
// 566.4 KB and 929.0 KB. Their gzipped weights were not recorded, so growth is checked in raw bytes, which
// bound the gzipped growth (each script is gzipped alone: added code never compresses to more than itself).
const JS_BEFORE_RESTYLE_KB = { server: 566.4, spa: 929.0 };
const JS_BUDGET_KB = { server: 10, spa: 15 };

export interface B2Result {
  me: autocannon.Result;
  bare: autocannon.Result;
  leaks: number;
}

export interface B3Result {
  users: number;
  obo: number;
}

export interface B4Result {
  cookieBytes?: number;
  cookies?: number;
  serverJs?: number;
  serverGzip?: number;
  serverMsal?: number;
  spaJs?: number;
  spaGzip?: number;
  spaMsal?: number;
}

export interface BenchResults {
  startedAt: number;
  /** B2's distinct users, and the port of the instance it loaded. */
  users: number;
  appPort: number;
  b1: { rows: B1Row[]; method: string };
  b2: B2Result | undefined;
  b3: B3Result | undefined;
  b4: B4Result;
  b5: B5Result | undefined;
  b6: B6Result;
}

export function resultsMarkdown(r: BenchResults): string {
  const lines = [
    ...heading(r.startedAt),
    ...b1SummaryRows(r.b1.rows),
    ...instanceSummaryRows(r),
    ...budgetSummaryRows(r),
    ...b1Section(r.b1),
    ...b2Section(r),
    ...b5Section(r),
    ...b3b4Section(),
    ...b6Section(r.b6),
  ];
  return `${lines.join("\n")}\n`;
}

const f = (n: number | undefined, d = 1) => (n === undefined || Number.isNaN(n) ? "–" : n.toFixed(d));

/** The B1 rows at the fewest and the most users, and how much each grew. */
function b1Extremes(rows: B1Row[]) {
  const first = rows[0];
  const last = rows.at(-1)!;
  const ratio = last.ours.p50 / first.ours.p50;
  const floorRatio = last.floor.p50 / first.floor.p50;
  const overhead = (row: B1Row) => row.ours.p50 - row.floor.p50;
  return { first, last, ratio, floorRatio, overhead };
}

function heading(started: number): string[] {
  return [
    "# Benchmark results",
    "",
    `\`npm run bench\`, ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? "?"}), emulator and Redis on loopback, total ${((Date.now() - started) / 1000).toFixed(0)} s.`,
    "",
    "## Summary",
    "",
    "| figure | result | goal | met |",
    "| --- | --- | --- | --- |",
  ];
}

function b1SummaryRows(rows: B1Row[]): string[] {
  const { first, last, ratio, floorRatio, overhead } = b1Extremes(rows);
  const lines: string[] = [];
  lines.push(
    `| B1 hit p50 at ${last.users.toLocaleString("en")} users vs ${first.users} | ${f(last.ours.p50, 2)} µs vs ${f(first.ours.p50, 2)} µs (${f(ratio, 2)}×) | ≤ 1.2×, < 100 µs | ${ratio <= 1.2 && last.ours.p50 < 100 ? "yes" : last.ours.p50 < 100 ? `< 100 µs yes; ratio no: the floor alone grows ${f(floorRatio, 2)}× (see note)` : "no"} |`,
  );
  lines.push(
    `| B1 floor (hash + read the token, no lookup) at ${last.users.toLocaleString("en")} vs ${first.users} | ${f(last.floor.p50, 2)} µs vs ${f(first.floor.p50, 2)} µs (${f(floorRatio, 2)}×) | – | what this machine allows |`,
  );
  lines.push(
    `| B1 cost above the floor at ${last.users.toLocaleString("en")} vs ${first.users} | ${f(overhead(last), 2)} µs vs ${f(overhead(first), 2)} µs | flat (within 0.5 µs) | ${overhead(last) - overhead(first) < 0.5 ? "yes" : "no"} |`,
  );
  lines.push(
    `| B1 L1 bytes per user | ${last.ours.l1BytesPerUser} B (accounted), RSS ${last.ours.rssPerUserBytes ?? "–"} B | ≤ ~3 KB | ${(last.ours.l1BytesPerUser ?? 1e9) <= 3072 ? "accounted: yes" : "accounted: no"}; RSS ${f((last.ours.rssPerUserBytes ?? NaN) / 1024, 1)} KB (V8 heap slack included) |`,
  );
  return lines;
}

/** B2 to B5 as the summary lists them, where they ran. */
function instanceSummaryRows({ b2, b3, b4, b5 }: BenchResults): string[] {
  const lines: string[] = [];
  if (b2) {
    const r = b2.me.requests.average / b2.bare.requests.average;
    lines.push(
      `| B2 /api/me vs bare route, req/s | ${f(b2.me.requests.average, 0)} vs ${f(b2.bare.requests.average, 0)} (${f(r, 2)}) | ≥ 0.7 | ${r >= 0.7 ? "yes" : "no"} |`,
    );
    lines.push(
      `| B2 cross-user responses / 5xx | ${b2.leaks} / ${b2.me["5xx"]} | 0 / 0 | ${b2.leaks === 0 && b2.me["5xx"] === 0 ? "yes" : "no"} |`,
    );
  }
  if (b3)
    lines.push(
      `| B3 OBO calls per (user, scope, lifetime), 2 instances | ${f(b3.obo / b3.users, 2)} (${b3.obo} for ${b3.users} users, 500 requests) | 1.0 | ${b3.obo === b3.users ? "yes" : "no"} |`,
    );
  if (b4.cookieBytes !== undefined)
    lines.push(
      `| B4 session cookie | ${b4.cookieBytes} B in ${b4.cookies} cookie(s) | < 4 KB, one cookie | ${b4.cookieBytes < 4096 && b4.cookies === 1 ? "yes" : "no"} |`,
    );
  if (b4.serverJs !== undefined)
    lines.push(
      `| B4 JS of a server-mode page (/profile) | ${f(b4.serverJs / 1024)} KB, MSAL ${b4.serverMsal} B | MSAL 0 B | ${b4.serverMsal === 0 ? "yes" : "no"} |`,
    );
  if (b5) {
    lines.push(
      `| B5 server-mode task creation (form post → 303 → page loaded, browser's Navigation Timing), p50 / p99 | ${f(b5.serverRoundTripMs.p50, 0)} ms / ${f(b5.serverRoundTripMs.p99, 0)} ms | < 300 ms | ${b5.serverRoundTripMs.p50 < 300 ? "yes" : "no"} |`,
    );
    lines.push(
      `| B5 the same, with the test driver's click and wait counted, p50 / p99 | ${f(b5.serverRoundTripWithDriverMs.p50, 0)} ms / ${f(b5.serverRoundTripWithDriverMs.p99, 0)} ms | (for reference) | |`,
    );
    lines.push(
      `| B5 SPA-mode optimistic insert visible after submit, p50 / p99 | ${f(b5.optimisticInsertMs.p50, 1)} ms / ${f(b5.optimisticInsertMs.p99, 1)} ms | < 50 ms | ${b5.optimisticInsertMs.p50 < 50 ? "yes" : "no"} |`,
    );
  }
  return lines;
}

/** The SPA page's JS, the page-JS budgets and B6. */
function budgetSummaryRows({ b4, b6 }: BenchResults): string[] {
  const lines: string[] = [];
  if (b4.spaJs !== undefined)
    lines.push(
      `| B4 JS of the same page in SPA mode | ${f(b4.spaJs / 1024)} KB, MSAL ${f((b4.spaMsal ?? 0) / 1024)} KB | MSAL loaded only here | ${(b4.spaMsal ?? 0) > 0 ? "yes" : "no"} |`,
    );
  for (const [mode, raw, gzip] of [
    ["server", b4.serverJs, b4.serverGzip],
    ["spa", b4.spaJs, b4.spaGzip],
  ] as const) {
    if (raw === undefined) continue;
    const growth = raw / 1024 - JS_BEFORE_RESTYLE_KB[mode];
    const label = mode === "server" ? "a server-mode page" : "an SPA-mode page";
    lines.push(
      `| B4 JS of ${label} since before the restyle (raw, bounds the gzipped growth); gzipped now | +${f(growth)} KB (${f(raw / 1024)} vs ${f(JS_BEFORE_RESTYLE_KB[mode])} KB); ${f((gzip ?? NaN) / 1024)} KB | ≤ +${JS_BUDGET_KB[mode]} KB gzipped | ${growth <= JS_BUDGET_KB[mode] ? "yes" : "no"} |`,
    );
  }
  lines.push(
    `| B6 page-mode flag evaluation per request (proxy.ts), p50 | ${f(b6.warm.p50, 2)} µs (p99 ${f(b6.warm.p99, 2)} µs); a user's first request after a change ${f(b6.cold.p50, 0)} µs | < 50 µs | ${b6.warm.p50 < 50 ? "yes" : "no"} |`,
  );
  return lines;
}

function b1Section(b1: BenchResults["b1"]): string[] {
  const { first, last, floorRatio, overhead } = b1Extremes(b1.rows);
  const lines: string[] = [];
  lines.push(
    "",
    "## B1: OBO cache-hit latency and memory",
    "",
    "| users | ours p50 | ours p99 | floor p50 | ours L1 B/user | ours RSS B/user | naive msal p50 | naive p99 | naive RSS B/user | naive fill |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
  );
  for (const row of b1.rows) {
    lines.push(
      `| ${row.users.toLocaleString("en")} | ${f(row.ours.p50, 2)} µs | ${f(row.ours.p99, 2)} µs | ${f(row.floor.p50, 2)} µs | ${row.ours.l1BytesPerUser} | ${row.ours.rssPerUserBytes ?? "–"} | ${row.naive ? `${f(row.naive.p50)} µs` : row.naiveSkipped} | ${row.naive ? `${f(row.naive.p99)} µs` : "–"} | ${row.naive?.rssPerUserBytes ?? "–"} | ${row.naive ? `${f(row.naive.fillSeconds)} s` : "–"} |`,
    );
  }
  lines.push("", `How the caches were filled: ${b1.method}`, "");
  lines.push(
    `Note on flatness: a hit is the SHA-256 of the assertion (about 2 µs, the same at every level), one probe of the hit index (lib/obo/hit-index.ts: one 64-byte record holding the full digest, the scope set and the expiry) and a read of the token string it points to; no step depends on the number of users. What still grows is memory latency: with 100,000 users the record and the token are no longer in the CPU caches or the TLB (a ~300 MB working set instead of a few KB). The floor column measures the least any cache must do (the same hash, then the user's token read straight from an array, no lookup at all): it grows ${f(floorRatio, 2)}× by itself on this machine${floorRatio > 1.2 ? ", so a ratio of 1.2× is out of reach here for any cache that returns the token" : ""}; the cost above the floor is what the cache adds (${f(overhead(first), 2)} µs at ${first.users} users, ${f(overhead(last), 2)} µs at ${last.users.toLocaleString("en")}). Before the hit index, a hit walked the Map of partitions (bucket, key, entry, partition, token, scopes: each a cache miss at 100,000 users) and grew 1.8× (2.6 → 4.7 µs).`,
    "",
  );
  return lines;
}

function b2Section({ b2, users, appPort }: BenchResults): string[] {
  const lines: string[] = [];
  if (b2) {
    lines.push(
      "## B2: /api/me with a warm cache vs a bare route",
      "",
      `autocannon, 50 connections, 10 s each, ${users} distinct users (bearer tokens), instance on ${appPort} (next start), Redis L2.`,
      "",
      "| route | req/s | p50 | p99 | non-2xx |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const [name, r] of [
      ["/api/me", b2.me],
      ["/api/bench/me (bare, BENCH=1)", b2.bare],
    ] as const)
      lines.push(`| ${name} | ${f(r.requests.average, 0)} | ${r.latency.p50} ms | ${r.latency.p99} ms | ${r.non2xx} |`);
    lines.push(
      "",
      "/api/me also validates the bearer token (RS256) and calls Graph (the emulator, same machine) on every request; the bare route does neither.",
      "",
    );
  }
  return lines;
}

function b5Section({ b5, appPort }: BenchResults): string[] {
  if (!b5) return [];
  return [
    "## B5: writing a task",
    "",
    `Debian Chromium through Playwright against the instance on ${appPort}, one signed-in user with Tasks.ReadWrite granted, ${b5.serverRoundTripMs.samples} adds per mode after 2 warm-up adds. Both modes are measured by the browser, so the driver's own CDP round trips are not counted. Server mode with JavaScript off: the Navigation Timing entry of the page the 303 leads to, from the form's submission (its time origin) to the end of its load event: the POST (the Server Action's Graph write), the redirect, the GET (the page's Graph reads) and the page's load; a round that did not come back through exactly one redirect fails the bench. Beside it, for reference, the same round as Playwright sees it, from before its click on "Add task" to the new task on the page (its actionability checks and CDP round trips included; about 150 ms more on this machine). SPA mode: from the form's submit event to the new row in the DOM, measured in the page (performance.now() and a MutationObserver); the API call and Graph write follow.`,
    "",
  ];
}

function b3b4Section(): string[] {
  return [
    "## B3 and B4",
    "",
    "B3: 100 users, each sending /api/me to both instances twice at once (4 concurrent requests), then once more to B; OBO exchanges counted in the emulator's event log. B4: a real server-mode sign-in through /auth/signin and the emulator's pages; cookie = the Auth.js session cookie(s); JS = every <script src> of /profile in server mode and in SPA mode (override cookie), raw and gzipped (level 9, each script alone), MSAL bytes = scripts carrying msal-browser's package or SKU markers.",
    "",
  ];
}

function b6Section(b6: B6Result): string[] {
  return [
    "## B6: page-mode flags",
    "",
    `${b6.users.toLocaleString("en")} users with 40 groups each (every tenth in the pilot group), a flags file giving each of the ${b6.pages} pages to the pilot group and 25 % by percentile; timed: lib/rollout modesFor (targeting memo, every page's flag, overrides), as proxy.ts runs it after reading the session cookie.`,
    "",
    "| users | warm p50 | warm p99 | cold p50 | cold p99 |",
    "| --- | --- | --- | --- | --- |",
    `| ${b6.users.toLocaleString("en")} | ${f(b6.warm.p50, 2)} µs | ${f(b6.warm.p99, 2)} µs | ${f(b6.cold.p50, 0)} µs | ${f(b6.cold.p99, 0)} µs |`,
    "",
    "Warm: a user's later requests, answered from the memo (per user, groups and definitions version). Cold: a user's first request after the file changed, evaluated by @microsoft/feature-management, whose percentile hash is an async WebCrypto SHA-256 per flag (most of the cost); it is paid once per user per change.",
    "",
  ];
}
