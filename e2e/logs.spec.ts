// The server's log holds no credential: an instance at LOG_LEVEL=debug (Auth.js's debug data included)
// goes through a sign-in, an OBO call, a forged callback, a refused code redemption, a forged bearer token
// and a sign-out; then its whole output is searched for the codes, states, cookies and tokens it saw.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { expect, test, type Page } from "@playwright/test";
import { EMULATOR_URL } from "../playwright.config";
import { PASSWORD, resetEmulator, USERS } from "./support/emulator";

const PORT = Number(process.env.E2E_RESTART_PORT ?? 3103);
const APP = `http://localhost:${PORT}`;
let app: ChildProcess | undefined;
let output = "";

test.beforeAll(async () => {
  test.setTimeout(120_000);
  if (
    await fetch(`${APP}/`, { redirect: "manual" }).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`port ${PORT} (E2E_RESTART_PORT) is in use by another server`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    EMULATOR_PORT: new URL(EMULATOR_URL).port,
    EMULATOR_STATE_DIR: ".emulator-test",
    NODE_EXTRA_CA_CERTS: resolve(".emulator-test/ca.crt"),
    AUTH_URL: APP,
    LOG_LEVEL: "debug",
  };
  delete env.REDIS_URL;
  app = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(PORT)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  app.stdout?.on("data", (c: Buffer) => (output += c));
  app.stderr?.on("data", (c: Buffer) => (output += c));
  for (let i = 0; i < 200; i++) {
    if (app.exitCode !== null) break;
    if (
      await fetch(`${APP}/`, { redirect: "manual" }).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`the app did not start on ${PORT}:\n${output}`);
});
test.afterAll(() => {
  app?.kill("SIGTERM");
});

async function signIn(page: Page) {
  if (page.url().startsWith(EMULATOR_URL) && (await page.locator("input[name=username]").count())) {
    await page.fill("input[name=username]", USERS.adele);
    await page.fill("input[name=password]", PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    const accept = page.getByRole("button", { name: "Accept" });
    await Promise.race([
      page.waitForURL((u) => u.href.startsWith(APP), { waitUntil: "commit" }),
      accept.waitFor().then(() => accept.click()),
    ]).catch(() => {});
  }
  await page.waitForURL((u) => u.href.startsWith(APP), { waitUntil: "commit" });
}

test("no code, state, cookie or token in any log line, Auth.js's own included", async ({ page, context, request }) => {
  test.setTimeout(90_000);
  await resetEmulator(request);
  const seen: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    for (const p of ["code", "state", "session_state"])
      if (url.origin === APP && url.searchParams.get(p)) seen.push(url.searchParams.get(p)!);
  });

  await page.goto(`${APP}/profile`);
  await signIn(page);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance"); // an OBO exchange happened
  for (const c of await context.cookies()) if (c.value.length >= 8) seen.push(c.value);

  // A forged callback (Auth.js: InvalidCheck) and a refused code redemption (Auth.js: the token error).
  seen.push("FORGED-CODE-7f3a91", "FORGED-STATE-9b2c44");
  await request.get(`${APP}/api/auth/callback/microsoft-entra-id?code=FORGED-CODE-7f3a91&state=FORGED-STATE-9b2c44`, {
    maxRedirects: 0,
  });
  expect(
    (
      await request.post(`${EMULATOR_URL}/_admin/faults`, {
        data: { target: "token", aadsts: 70008, match: "authorization_code" },
      })
    ).ok(),
  ).toBeTruthy();
  await page.goto(`${APP}/auth/signin?returnTo=%2Fgroups`);
  await page.waitForURL(new RegExp(`^${APP}/auth/error\\?`));
  for (const c of await context.cookies()) if (c.value.length >= 8) seen.push(c.value);
  // A forged bearer token, and a sign-out.
  const forged = "eyJhbGciOiJSUzI1NiIsImtpZCI6ImZvcmdlZCJ9.eyJzdWIiOiJmb3JnZWQtdXNlciJ9.c2lnbmF0dXJlLWZvcmdlZA";
  seen.push(forged);
  expect((await request.get(`${APP}/api/me`, { headers: { authorization: `Bearer ${forged}` } })).status()).toBe(401);
  await page.goto(`${APP}/profile`);
  await page
    .getByRole("button", { name: "Sign out" })
    .click()
    .catch(() => {});
  await new Promise((r) => setTimeout(r, 500));

  expect(seen.length).toBeGreaterThan(4);
  const lines = output.split("\n");
  // Auth.js spoke through pino: its error and its debug data are JSON lines, and nothing in its own format.
  expect(lines.some((l) => l.includes('"authjs":"InvalidCheck"'))).toBe(true);
  expect(lines.some((l) => l.includes('"level":20') && l.includes('"authjs"'))).toBe(true);
  expect(lines.filter((l) => l.includes("[auth]["))).toEqual([]);
  for (const value of new Set(seen))
    expect(output, `a value the browser carried (${value.slice(0, 6)}…)`).not.toContain(value);
  expect(output).not.toMatch(/eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]*/);
  expect(output).not.toMatch(
    /[?&#](code|state|code_verifier|spa_code|id_token|access_token|refresh_token)=(?!\[redacted\])[^&\s"]/,
  );
});
