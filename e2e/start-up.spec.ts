// `next start` as an operator runs it: a real tenant without AUTH_URL, or without AUTH_SECRET, stops at
// start with a sentence naming the variable (no stack, no silent fallback, no 500 at the first request);
// an app whose URL is https sends HSTS on every answer, error pages included.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { EMULATOR_URL } from "../playwright.config";

const PORT = Number(process.env.E2E_RESTART_PORT ?? 3103);
const URL_ = `http://localhost:${PORT}`;
const TENANT = {
  ENTRA_TENANT_ID: "11111111-2222-3333-4444-555555555555",
  ENTRA_FRONTEND_CLIENT_ID: "22222222-2222-3333-4444-555555555555",
  ENTRA_FRONTEND_CLIENT_SECRET: "frontend-secret",
  ENTRA_BACKEND_CLIENT_ID: "33333333-2222-3333-4444-555555555555",
  ENTRA_BACKEND_CLIENT_SECRET: "backend-secret",
};
let app: ChildProcess | undefined;
test.afterEach(() => {
  if (app?.exitCode === null) app.kill("SIGTERM");
});

/** `next start` with exactly this configuration (none of the suite's app settings leak in). */
function start(env: Record<string, string>): { done: Promise<number | null>; output: () => string } {
  const base: NodeJS.ProcessEnv = { ...process.env, LOG_LEVEL: "warn", ...env };
  for (const k of Object.keys(base))
    if (/^(ENTRA_|AUTH_|REDIS_URL$|GRAPH_BASE_URL$|TRUST_PROXY_HEADERS$)/.test(k) && !(k in env)) delete base[k];
  let output = "";
  const child = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], {
    env: base,
    stdio: ["ignore", "pipe", "pipe"],
  });
  app = child;
  child.stdout?.on("data", (c: Buffer) => (output += c));
  child.stderr?.on("data", (c: Buffer) => (output += c));
  return { done: new Promise((ok) => child.once("exit", (code) => ok(code))), output: () => output };
}

async function ready(run: { done: Promise<number | null>; output: () => string }) {
  for (let i = 0; i < 200; i++) {
    if (app?.exitCode !== null) throw new Error(`the app stopped:\n${run.output()}`);
    if (
      await fetch(`${URL_}/`, { redirect: "manual" }).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not start on ${PORT}:\n${run.output()}`);
}

test.beforeAll(async () => {
  if (
    await fetch(`${URL_}/`, { redirect: "manual" }).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${PORT} (E2E_RESTART_PORT) is in use by another server`);
});

test("a real tenant in production without AUTH_URL stops at start, naming AUTH_URL", async () => {
  const run = start({ ...TENANT, AUTH_SECRET: "x".repeat(40) });
  expect(await Promise.race([run.done, new Promise((r) => setTimeout(() => r("still running"), 30_000))])).toBe(1);
  expect(run.output()).toContain(
    "AUTH_URL is required with a real tenant in production: set it to the app's public URL",
  );
  expect(run.output()).not.toMatch(/\n\s+at /); // a sentence, not a stack trace
});

test("a real tenant without AUTH_SECRET stops at start; the emulator's secret is never used for it", async () => {
  const run = start({ ...TENANT, AUTH_URL: "https://app.example.com" });
  expect(await Promise.race([run.done, new Promise((r) => setTimeout(() => r("still running"), 30_000))])).toBe(1);
  expect(run.output()).toContain("AUTH_SECRET is required for a real tenant");
  expect(run.output()).not.toMatch(/\n\s+at /);
});

test("an https app URL (behind TLS termination) sends HSTS on pages, error pages and API errors", async ({
  request,
}) => {
  const run = start({
    EMULATOR_PORT: new URL(EMULATOR_URL).port,
    EMULATOR_STATE_DIR: ".emulator-test",
    NODE_EXTRA_CA_CERTS: resolve(".emulator-test/ca.crt"),
    AUTH_URL: `https://localhost:${PORT}`,
  });
  await ready(run);
  for (const [path, status] of [
    ["/", 200],
    ["/no-such-page", 404],
    ["/api/me", 401],
    ["/auth/error?error=Configuration", 200],
    ["/robots.txt", 200],
  ] as const) {
    const res = await request.get(`${URL_}${path}`, { maxRedirects: 0 });
    expect(res.status(), path).toBe(status);
    expect(res.headers()["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
  }
});
