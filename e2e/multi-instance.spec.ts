// Two `next start` instances (3100: Playwright's webServer, 3101 or E2E_SECOND_PORT: started here) sharing one Redis and one
// AUTH_SECRET: a user signed in through A is served by B with no new sign-in, and the token endpoint sees
// one OBO exchange for that user across both. Also: malformed session cookies against the built server.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { expect, test } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { emulatorEvents, resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

const B_PORT = process.env.E2E_SECOND_PORT ?? "3101";
const B_URL = `http://localhost:${B_PORT}`;
const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";
let b: ChildProcess | undefined;

test.skip(!process.env.REDIS_TEST_URL, "needs REDIS_TEST_URL (npm test starts a private redis-server)");

test.beforeAll(async () => {
  const env = {
    ...process.env,
    EMULATOR_PORT: new URL(EMULATOR_URL).port,
    EMULATOR_STATE_DIR: ".emulator-test",
    NODE_EXTRA_CA_CERTS: resolve(".emulator-test/ca.crt"),
    REDIS_URL: process.env.REDIS_TEST_URL,
    AUTH_URL: B_URL,
    AUTH_TRUST_HOST: "true",
    LOG_LEVEL: "warn",
  };
  b = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", B_PORT], {
    env,
    stdio: "ignore",
  });
  for (let i = 0; i < 120; i++) {
    if (
      await fetch(`${B_URL}/`, { redirect: "manual" }).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`instance B did not start on ${B_PORT}`);
});
test.afterAll(() => {
  b?.kill("SIGTERM");
});

test("a user signed in through instance A is served by instance B, with one OBO exchange across both", async ({
  page,
  request,
}) => {
  await resetEmulator(request);
  await page.goto(`${APP_URL}/profile`);
  await signInAtEmulator(page, USERS.adele);
  await expect(page).toHaveURL(`${APP_URL}/profile`);
  // The profile card streams in after the header (which shows the name from the session): wait for it.
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  const oboAfterA = (await emulatorEvents(request, "token", USERS.adele)).filter(
    (e) => e.data?.grantType === OBO,
  ).length;
  expect(oboAfterA).toBeGreaterThanOrEqual(1);
  const signInsAfterA =
    (await emulatorEvents(request, "sign_in", USERS.adele)).length +
    (await emulatorEvents(request, "sso", USERS.adele)).length;

  // Cookies are per host, not per port: the browser sends A's session cookie to B.
  const res = await page.goto(`${B_URL}/profile`);
  expect(res?.status()).toBe(200);
  await expect(page).toHaveURL(`${B_URL}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  const me = await page.request.get(`${B_URL}/api/me`);
  expect(me.status()).toBe(200);
  expect(((await me.json()) as { id: string }).id).toBe("a1b2c3d4-1111-4aaa-8bbb-000000000001");

  expect((await emulatorEvents(request, "token", USERS.adele)).filter((e) => e.data?.grantType === OBO).length).toBe(
    oboAfterA,
  );
  expect(
    (await emulatorEvents(request, "sign_in", USERS.adele)).length +
      (await emulatorEvents(request, "sso", USERS.adele)).length,
  ).toBe(signInsAfterA);
});

test("malformed session cookies get 401 JSON from the built server, never a 500", async ({ request }) => {
  for (const cookie of [
    "authjs.session-token=%%%",
    "=;=;;a",
    `authjs.session-token=${"z".repeat(3000)}`,
    "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..bad.bad.bad",
  ]) {
    const res = await request.get(`${B_URL}/api/me`, { headers: { cookie } });
    expect(res.status(), cookie.slice(0, 40)).toBe(401);
    const body = (await res.json()) as { error: string; message: string };
    expect(body.error).toBe("unauthenticated");
    expect(JSON.stringify(body)).not.toMatch(/\n\s+at /);
  }
  const huge = await request
    .get(`${B_URL}/api/me`, { headers: { "x-padding": "x".repeat(20_000) } })
    .catch(() => undefined);
  if (huge) expect(huge.status()).toBeLessThan(500); // Node answers 431 before the app
});
