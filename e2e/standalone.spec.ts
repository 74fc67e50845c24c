// The production image, run as the Dockerfile runs it (e2e/support/image.ts: its final stage's files, ENV,
// USER and CMD `node server.js`), against the emulator configured as an external tenant, with traces
// exported over OTLP to a stand-in collector: sign-in, a Graph page, an API call with a bearer token, the
// probes and the image's HEALTHCHECK, the spans and the logs' trace ids, then SIGTERM during a slow Graph call.
import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { EMULATOR_URL } from "../playwright.config";
import { resetEmulator, signInAtEmulator, USERS } from "./support/emulator";
import { externalTenantEnv } from "./support/external-tenant";
import {
  assembleImage,
  readImageSpec,
  removeImage,
  runHealthcheck,
  runsAsImageUser,
  startImage,
  waitForServer,
} from "./support/image";
import { OtlpCollector } from "./support/otlp-collector";

const PORT = process.env.E2E_RESTART_PORT ?? "3103";
const URL_ = `http://localhost:${PORT}`;
const GRACE_SECONDS = 10;
const ADELE_ID = "a1b2c3d4-1111-4aaa-8bbb-000000000001";
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./;
const RAW_CODE = /[?&](code|state|session_state)=(?!\[redacted\])/;

test.describe.configure({ mode: "serial" });

let dir = "";
let env: Record<string, string> = {};
let server: ChildProcess;
let output = "";
let bearer = "";
const collector = new OtlpCollector();

test.beforeAll(async () => {
  await collector.start();
  dir = assembleImage();
  env = {
    ...externalTenantEnv(dir, URL_),
    SPA_PAGES: "groups", // /profile renders on the server, /groups in the browser with a bearer token
    SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    LOG_LEVEL: "info",
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: "200",
  };
  server = startImage(dir, env);
  server.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  server.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  await waitForServer(`${URL_}/healthz`, server);
});

test.afterAll(async () => {
  if (server.exitCode === null) server.kill("SIGKILL");
  await collector.close();
  removeImage(dir);
});

test("the image's user, command and environment are what the Dockerfile says", () => {
  const spec = readImageSpec();
  expect(spec.cmd).toEqual(["node", "server.js"]);
  expect(spec.user?.uid).toBeGreaterThan(0);
  expect(spec.env).toMatchObject({ NODE_ENV: "production", NEXT_MANUAL_SIG_HANDLE: "true" });
  if (runsAsImageUser()) expect(output).not.toMatch(/EACCES/);
});

test("signs in, renders a Graph page on the server, and answers a bearer call from the SPA page", async ({
  page,
  request,
  playwright,
}) => {
  await resetEmulator(request);
  await page.goto(`${URL_}/profile`);
  await signInAtEmulator(page, USERS.adele, URL_);
  await page.waitForURL(`${URL_}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");

  // /groups runs in the browser: msal-browser gets its own token and calls the API with it.
  const apiCall = page.waitForResponse((r) => r.url().startsWith(`${URL_}/api/groups`));
  await page.goto(`${URL_}/groups`);
  const call = await apiCall;
  expect(call.status()).toBe(200);
  bearer = (await call.request().allHeaders()).authorization ?? "";
  expect(bearer).toMatch(/^Bearer ey/);
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "spa");
  await expect(page.getByTestId("groups-count")).toHaveText("2");

  // The same token from a client with no cookie at all: the API validates it and calls Graph OBO.
  const bare = await playwright.request.newContext();
  const me = await bare.get(`${URL_}/api/me`, { headers: { authorization: bearer } });
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { id: string }).id).toBe(ADELE_ID);
  expect((await bare.get(`${URL_}/api/me`)).status()).toBe(401);
  await bare.dispose();
});

test("probes: /healthz and /readyz by name, open without sign-in, and the image's HEALTHCHECK passes", async ({
  playwright,
}) => {
  const bare = await playwright.request.newContext();
  const live = await bare.get(`${URL_}/healthz`);
  expect(live.status()).toBe(200);
  expect(await live.json()).toEqual({ status: "ok" });
  const ready = await bare.get(`${URL_}/readyz`);
  expect(ready.status()).toBe(200);
  expect(await ready.json()).toEqual({
    status: "ready",
    checks: { config: "ok", signing_keys: "ok", redis: "not_configured", obo_credential: "ok" },
  });
  expect(ready.headers()["cache-control"]).toBe("no-store");
  await bare.dispose();
  expect(runHealthcheck(dir, env)).toBe(0);
});

test("traces: spans for token validation, the OBO exchange and Graph reach OTLP; none holds a token or code; logs carry the trace id", async () => {
  await collector.waitFor((spans) =>
    ["auth.validate_bearer", "obo.acquire_token", "obo.exchange", "graph.request"].every((n) =>
      spans.some((s) => s.name === n),
    ),
  );
  const oboCalls = collector.spans.filter((s) => s.name === "obo.acquire_token");
  expect(oboCalls.map((s) => s.attributes["obo.cache"])).toContain("miss");
  const graph = collector.spans.find(
    (s) => s.name === "graph.request" && s.attributes["url.path"] === "/graph/v1.0/me",
  );
  expect(graph?.attributes["http.response.status_code"]).toBe(200);

  // Next's own request spans are exported too (the sign-in callback among them), scrubbed.
  expect(
    collector.spans.some(
      (s) => /callback/.test(s.name) || Object.values(s.attributes).some((v) => /callback/.test(String(v))),
    ),
  ).toBe(true);
  for (const span of collector.spans) {
    const text = JSON.stringify([span.name, span.attributes, span.events]);
    expect(text, span.name).not.toMatch(JWT);
    expect(text, span.name).not.toMatch(RAW_CODE);
    expect(text, span.name).not.toContain(env.ENTRA_BACKEND_CLIENT_SECRET);
    expect(text, span.name).not.toContain(bearer.slice(7, 40));
  }

  // The sign-in's log line names its trace, and that trace was exported.
  const signedIn = output
    .split("\n")
    .filter((l) => l.includes('"msg":"signed in"'))
    .map((l) => JSON.parse(l) as { trace_id?: string });
  expect(signedIn.length).toBeGreaterThan(0);
  expect(signedIn[0].trace_id).toMatch(/^[0-9a-f]{32}$/);
  expect(collector.spans.some((s) => s.traceId === signedIn[0].trace_id)).toBe(true);
  expect(output).not.toMatch(JWT);
});

test("SIGTERM during a slow Graph call: the call completes, new connections are refused, the process exits 0 in time", async ({
  playwright,
  request,
}) => {
  // Graph answers /me 3 s late, once.
  const fault = await request.post(`${EMULATOR_URL}/_admin/faults`, {
    data: { target: "graph", match: "/v1.0/me", delayMs: 3_000 },
  });
  expect(fault.status()).toBe(201);
  const bare = await playwright.request.newContext();
  const started = Date.now();
  const slow = bare.get(`${URL_}/api/me`, { headers: { authorization: bearer }, timeout: 30_000 });
  await new Promise((r) => setTimeout(r, 1_000));
  const exited = new Promise<number | null>((ok) => server.once("exit", (code) => ok(code)));
  const signalled = Date.now();
  server.kill("SIGTERM");
  await new Promise((r) => setTimeout(r, 300));
  await expect(fetch(`${URL_}/healthz`)).rejects.toThrow(); // the listener is closed

  const res = await slow;
  expect(res.status()).toBe(200);
  expect(((await res.json()) as { id: string }).id).toBe(ADELE_ID);
  expect(Date.now() - started).toBeGreaterThanOrEqual(3_000);
  expect(await exited).toBe(0);
  expect(Date.now() - signalled).toBeLessThan(GRACE_SECONDS * 1000);
  expect(output).toContain("shutdown: draining in-flight requests");
  expect(output).toMatch(/"clean":true,"msg":"shutdown: done"/);
  await bare.dispose();
});
