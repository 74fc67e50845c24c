// Bad input on every API route: oversized headers, malformed Authorization headers, invalid
// query parameters, unexpected bodies. Each gets a 4xx JSON { error, message } (or is ignored and served),
// never a 500 and never a stack trace or token material. Routes are called in-process; Node's own 16 KB
// header limit (431 before any handler runs) and malformed session cookies (the session is read through
// Next's request scope) are checked against the built server in e2e/multi-instance.spec.ts. The routes
// that run in Next's request scope (NextAuth's /api/auth/*, /auth/*, /page-mode) get their garbage
// cookies, parameters and bodies against the built server in e2e/resilience.spec.ts; the last test here
// fails when a route is added that neither file covers.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, startAppEmulator, userToken } from "./support/app.ts";

type Handler = (request: Request) => Promise<Response>;
let emu: RunningEmulator;
let token: string;
const routes: Record<string, Handler> = {};

beforeAll(async () => {
  emu = await startAppEmulator();
  token = await userToken(emu, "adele");
  routes["/api/me"] = (await import("@/app/api/me/route")).GET;
  routes["/api/me/photo"] = (await import("@/app/api/me/photo/route")).GET;
  routes["/api/directory"] = (await import("@/app/api/directory/route")).GET;
  routes["/api/groups"] = (await import("@/app/api/groups/route")).GET;
  routes["/api/service/status"] = (await import("@/app/api/service/status/route")).GET;
  routes["/api/service/disabled-users"] = (await import("@/app/api/service/disabled-users/route")).GET;
  // The task routes take their ids from the path (params); their own bad input is in tasks-bad-input.test.ts.
  const ids = { params: Promise.resolve({ listId: "AAMkAGlist", taskId: "AAMkAGtask" }) };
  routes["/api/tasks/lists"] = (await import("@/app/api/tasks/lists/route")).GET;
  const tasks = await import("@/app/api/tasks/lists/[listId]/tasks/route");
  routes["/api/tasks/lists/[listId]/tasks"] = (r) => (r.method === "POST" ? tasks.POST(r, ids) : tasks.GET(r, ids));
  const task = await import("@/app/api/tasks/lists/[listId]/tasks/[taskId]/route");
  routes["/api/tasks/lists/[listId]/tasks/[taskId]"] = (r) =>
    r.method === "POST" ? task.PATCH(r, ids) : task.GET(r, ids);
});
afterAll(() => emu?.close());

async function expectClean(
  res: Response,
  allowed: (status: number) => boolean = (s) => s >= 400 && s < 500,
): Promise<Record<string, unknown> | undefined> {
  expect(res.status).toBeLessThan(500);
  expect(allowed(res.status), `status ${res.status}`).toBe(true);
  if (!(res.headers.get("content-type") ?? "").includes("json")) {
    expect(res.status).toBeLessThan(400); // only a successful photo is not JSON
    return undefined;
  }
  const text = await res.text();
  expect(text).not.toMatch(/\n\s+at |node_modules|ey[A-Za-z0-9_-]{20,}\./);
  const body = JSON.parse(text) as Record<string, unknown>;
  if (res.status >= 400) {
    expect(typeof body.error).toBe("string");
    expect(typeof body.message).toBe("string");
  }
  return body;
}

const paths = () => Object.keys(routes);
const call = (path: string, init: RequestInit & { query?: string } = {}) =>
  routes[path](apiRequest(`${path}${init.query ?? ""}`, undefined, init));

describe.each([
  "/api/me",
  "/api/me/photo",
  "/api/directory",
  "/api/groups",
  "/api/service/status",
  "/api/service/disabled-users",
  "/api/tasks/lists",
  "/api/tasks/lists/[listId]/tasks",
  "/api/tasks/lists/[listId]/tasks/[taskId]",
])("%s", (path) => {
  it("refuses a 64 KB Authorization header with 401", async () => {
    const body = await expectClean(await call(path, { headers: { authorization: `Bearer ${"a".repeat(64 * 1024)}` } }));
    expect(body?.error).toBe("invalid_token");
  });

  it.each([
    ["empty", ""],
    ["scheme only", "Bearer"],
    ["two tokens", "Bearer a.b.c d.e.f"],
    ["control characters", "Bearer a.b\u0001.c"],
    ["non-JWT base64", `Bearer ${Buffer.from("{not json").toString("base64url")}.e30.sig`],
    [
      "JSON header with junk payload",
      `Bearer ${Buffer.from('{"alg":"RS256","kid":"x"}').toString("base64url")}.%%%.sig`,
    ],
  ])("refuses a malformed Authorization header (%s) with 401", async (_name, authorization) => {
    const body = await expectClean(await call(path, { headers: { authorization } }));
    expect(body?.error).toBe("invalid_token");
  });

  it("ignores an oversized unrelated header", async () => {
    await expectClean(
      await call(path, { headers: { authorization: `Bearer ${token}`, "x-padding": "x".repeat(64 * 1024) } }),
      (s) => s < 500,
    );
  });

  it("survives a request body on a GET route", async () => {
    const res = await routes[path](
      new Request(`http://localhost:3000${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: "{not json",
      }),
    );
    await expectClean(res, (s) => s < 500);
  });
});

describe("invalid query parameters", () => {
  it.each([
    ["/api/directory", "?q=%ZZ"],
    ["/api/directory", "?q=a&q=b&q=c"],
    ["/api/directory", `?q=${"a".repeat(10_000)}`],
    ["/api/directory", "?q=a&page=%00%00"],
    ["/api/directory", `?q=a&page=${"A".repeat(5_000)}`],
    ["/api/directory", "?q=a'%20or%201=1"],
    ["/api/directory", "?page=abc"],
    ["/api/service/disabled-users", "?top=-1"],
    ["/api/service/disabled-users", "?top=abc"],
    ["/api/service/disabled-users", "?top=100000000000000000000"],
    ["/api/service/disabled-users", "?skipToken=%ZZ"],
  ])("%s%s: 4xx JSON or served, never 5xx", async (path, query) => {
    await expectClean(await routes[path](apiRequest(`${path}${query}`, token)), (s) => s < 500);
  });

  it("refuses ?q=%ZZ on the directory with 400 bad_request", async () => {
    const res = await routes["/api/directory"](apiRequest("/api/directory?q=%ZZ", token));
    const body = await expectClean(res, (s) => s < 500);
    if (res.status >= 400) expect(body?.error).toBe("bad_request");
  });
});

describe("/api/bench/me (served only with BENCH=1)", () => {
  it("answers 404 JSON to anything without BENCH=1, and ignores its input with it", async () => {
    const { GET } = await import("@/app/api/bench/me/route");
    delete process.env.BENCH;
    const res = GET();
    expect(res.status).toBe(404);
    expect(await expectClean(res)).toMatchObject({ error: "not_found" });
    process.env.BENCH = "1";
    try {
      expect(GET().status).toBe(200);
    } finally {
      delete process.env.BENCH;
    }
  });
});

describe("/auth/frontchannel-logout", () => {
  it("answers 400 JSON to a missing, malformed or foreign sid/iss, and 200 to an unknown sid", async () => {
    const { GET } = await import("@/app/auth/frontchannel-logout/route");
    const { NextRequest } = await import("next/server");
    const get = (query: string) => GET(new NextRequest(`http://localhost:3000/auth/frontchannel-logout${query}`));
    for (const query of [
      "",
      "?sid=",
      "?sid=%ZZ",
      `?sid=${"a".repeat(500)}`,
      "?sid=../../x",
      "?sid=6f1c2a8e-0000-4000-8000-000000000001&iss=https://evil.example/v2.0",
    ]) {
      expect(await expectClean(await get(query)), query).toMatchObject({ error: "invalid_request" });
    }
    const unknown = await get("?sid=6f1c2a8e-0000-4000-8000-000000000001");
    expect(unknown.status).toBe(200);
    expect(unknown.headers.get("cache-control")).toBe("no-store");
  });
});

describe("/api/health/page-load", () => {
  it("answers 4xx JSON to anything but one small, valid page load report", async () => {
    const { POST } = await import("@/app/api/health/page-load/route");
    const post = (body: string, type = "application/json") =>
      POST(
        new Request("http://localhost:3000/api/health/page-load", {
          method: "POST",
          headers: { "content-type": type },
          body,
        }),
      );
    const valid = { page: "profile", mode: "spa", outcome: "ok", ms: 120 };
    expect((await post(JSON.stringify(valid))).status).toBe(204);
    expect((await post(JSON.stringify(valid), "text/plain")).status).toBe(415); // what a cross-site page could send
    expect((await post(JSON.stringify({ ...valid, pad: "x".repeat(2000) }))).status).toBe(413);
    for (const body of [
      "{not json",
      "",
      "null",
      "[]",
      JSON.stringify({ ...valid, page: "admin" }),
      JSON.stringify({ ...valid, mode: "client" }),
      JSON.stringify({ ...valid, outcome: "meh" }),
      JSON.stringify({ ...valid, ms: -1 }),
      JSON.stringify({ ...valid, ms: 1e9 }),
      JSON.stringify({ ...valid, ms: "12" }),
    ]) {
      expect(await expectClean(await post(body)), body).toMatchObject({ error: "bad_request" });
    }
  });
});

// Request-scope routes covered against the built server in e2e/resilience.spec.ts ("bad input on the
// non-API routes"), and the bench, front-channel logout and page-load beacon routes above.
describe("/healthz and /readyz (probes: no input of their own)", () => {
  const PROBE_PATHS = ["/healthz", "/readyz"] as const;
  for (const path of PROBE_PATHS) {
    it(`${path}: a garbage Authorization header, cookie and query change nothing and leak nothing`, async () => {
      const handler = (await import(`@/app${path}/route`)).GET as (request?: Request) => Promise<Response>;
      const req = apiRequest(`${path}?x=%00%ff&check=../../etc/passwd`, undefined, {
        headers: { authorization: "Bearer garbage", cookie: "authjs.session-token=%%%" },
      });
      const res = await handler(req);
      expect([200, 503]).toContain(res.status);
      const body = (await res.json()) as Record<string, unknown>;
      expect(body.status).toMatch(/^(ok|ready|not_ready|shutting_down)$/);
      expect(JSON.stringify(body)).not.toMatch(/\n\s+at |node_modules|localhost|secret|garbage/i);
    });
  }
});

const PROBES = ["/healthz", "/readyz"];
const COVERED_ELSEWHERE = [
  "/api/auth/[...nextauth]",
  "/api/bench/me",
  "/api/health/page-load",
  "/auth/consent",
  "/auth/consent/callback",
  "/auth/frontchannel-logout",
  "/auth/reauth",
  "/auth/signin",
  "/auth/signout",
  "/page-mode",
];

function routeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? routeFiles(join(dir, e.name)) : e.name === "route.ts" ? [join(dir, e.name)] : [],
  );
}

it("covers every route handler under app/ (here or in e2e/resilience.spec.ts)", () => {
  const all = routeFiles("app").map((f) => `/${relative("app", f).split(sep).slice(0, -1).join("/")}`);
  expect(all).toEqual(
    expect.arrayContaining(["/api/me", "/api/auth/[...nextauth]", "/auth/consent/callback", "/page-mode"]),
  );
  expect(
    all.filter((r) => !paths().includes(r) && !COVERED_ELSEWHERE.includes(r) && !PROBES.includes(r)),
    "routes without a bad-input test",
  ).toEqual([]);
  expect(paths().length).toBe(9);
});
