// The migration proof, against `next start` + the emulator:
//  1. every page passes the SAME assertions in server mode and in SPA mode (one parameterised suite);
//  2. a user who signed in and consented once on server pages keeps working when the pages move to SPA
//     mode, (a) by the override cookie and (b) by restarting the app with SPA_PAGES: same Graph data, no
//     login or consent screen, one interactive sign-in and one consent prompt in the emulator's log;
//  3. the negative control: without knownClientApplications the OBO step answers consent_required in
//     both modes, and Grant access recovers with exactly one more consent;
//  4. the redirect URI rules: SPA mode only ever uses the SPA redirect URI (never AADSTS9002326).
//
// The restart (2b) spawns a second `next start` on E2E_RESTART_PORT (default 3103) with SPA_PAGES set and
// the override cookie off, against the same emulator and with the webServer's session store: Redis when
// REDIS_TEST_URL is set (as under `npm test`), so the server session survives the restart and the SPA
// joins it through the spa_code hand-off; otherwise in-memory, so the restarted app has lost the server
// session and the SPA recovers by SSO at the IdP's existing session. Either way no screen may show.
import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { expect, test, type APIRequestContext, type BrowserContext, type Page, type Request } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { BACKEND, emulatorErrors, FRONTEND, resetEmulator, setBackendKnownClients, signInAtEmulator, userEvents, USERS } from "./support/emulator";

const MODES = ["server", "spa"] as const;
type Mode = (typeof MODES)[number];
const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const SPA_REDIRECT = `${APP_URL}/spa-redirect`;
const WEB_CALLBACK = `${APP_URL}/api/auth/callback/microsoft-entra-id`;

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function setModes(context: BrowserContext, value: string) {
  await context.addCookies([{ name: "page-mode", value, url: APP_URL }]);
}

/** The server's sign-in (the app's one sign-in in both modes), returning to `path`. */
async function signIn(page: Page, user: string, path: string) {
  await page.goto(`/auth/signin?${new URLSearchParams({ returnTo: path })}`);
  await signInAtEmulator(page, user);
  await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
}

/** Which mode rendered the page; where the override cookie is off, users see no mode text at all. */
async function expectMode(page: Page, mode: Mode, devControls = true) {
  const badge = page.getByTestId("mode-badge");
  await expect(badge).toHaveAttribute("data-mode", mode);
  if (devControls) await expect(badge).toContainText(mode === "spa" ? "SPA mode" : "server mode");
  else {
    await expect(badge).toBeHidden();
    await expect(page.locator("main")).not.toContainText(/SPA mode|server mode/);
  }
}

/** Every main-frame page of the IdP the user saw from now on (a sign-in, MFA or consent screen). */
function idpScreens(page: Page): string[] {
  const urls: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame() && frame.url().startsWith(EMULATOR_URL)) urls.push(frame.url());
  });
  return urls;
}

async function prompts(request: APIRequestContext, user: string) {
  const events = await userEvents(request, user);
  return {
    signIns: events.filter((e) => e.type === "sign_in").length,
    consents: events.filter((e) => e.type === "consent_prompt").map((e) => e.clientId),
  };
}

// ---- What each page shows, read the same way in both modes (the base URL lets 2b read the restarted app).

async function readProfile(page: Page, base = "") {
  await page.goto(`${base}/profile`);
  const photo = page.locator("main img").first();
  await expect(page.getByTestId("profile-name")).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  return {
    name: await page.getByTestId("profile-name").textContent(),
    mail: await page.getByTestId("profile-mail").textContent(),
    jobTitle: await page.getByTestId("profile-job-title").textContent(),
  };
}

const people = (page: Page) =>
  page.getByTestId("directory-row").evaluateAll((trs) => trs.map((tr) => `${tr.children[0]?.textContent} <${tr.children[1]?.textContent}>`));

async function readDirectory(page: Page, base = "") {
  await page.goto(`${base}/directory?q=ad`);
  await expect(page.getByTestId("directory-row").first()).toBeVisible();
  return people(page);
}

async function readGroups(page: Page, base = "") {
  await page.goto(`${base}/groups`);
  await expect(page.getByTestId("groups-count")).toBeVisible();
  return { count: await page.getByTestId("groups-count").textContent(), rows: await page.getByTestId("group-row").allTextContents() };
}

async function readAll(page: Page, mode: Mode, base = "") {
  const devControls = base === ""; // the restarted app runs with FLAG_OVERRIDE_COOKIE=off
  const profile = await readProfile(page, base);
  await expectMode(page, mode, devControls);
  const directory = await readDirectory(page, base);
  await expectMode(page, mode, devControls);
  const groups = await readGroups(page, base);
  await expectMode(page, mode, devControls);
  return { profile, directory, groups };
}

// ---- 1. Every page, both modes, the same assertions.

/** What Graph says through the API (session cookie): the oracle both modes' pages must match. */
async function apiPeople(page: Page, pageToken?: string) {
  const res = await page.request.get(`/api/directory?${new URLSearchParams({ q: "ad", ...(pageToken ? { page: pageToken } : {}) })}`);
  expect(res.ok()).toBeTruthy();
  const body = (await res.json()) as { items: { displayName: string; mail: string | null }[]; nextPage?: string };
  return { people: body.items.map((p) => `${p.displayName} <${p.mail ?? "—"}>`), nextPage: body.nextPage };
}

for (const mode of MODES) {
  test.describe(`${mode} mode`, () => {
    test.beforeEach(async ({ context }) => setModes(context, `*=${mode}`));

    test(`profile shows the user's Graph name, mail, job title and photo (${mode})`, async ({ page }) => {
      await signIn(page, USERS.adele, "/profile");
      await expectMode(page, mode);
      expect(await readProfile(page)).toEqual({ name: "Adele Vance", mail: "adele@contoso.onmicrosoft.com", jobTitle: "Product Manager" });
    });

    test(`directory search shows Graph's matches and pages forward and back (${mode})`, async ({ page }) => {
      await signIn(page, USERS.adele, "/directory");
      await expectMode(page, mode);
      const rows = page.getByTestId("directory-row");
      await page.getByTestId("directory-query").fill("ad");
      await page.getByRole("button", { name: "Search" }).click();
      await page.waitForURL(/\/directory\?q=ad$/);
      await expect(rows).toHaveCount(10);
      const expected = await apiPeople(page);
      const first = await people(page);
      expect(first).toEqual(expected.people);
      for (const p of first) expect(p.toLowerCase()).toMatch(/\bad/);

      await page.getByTestId("directory-next").click();
      await page.waitForURL(/page=/);
      await expect(page.getByTestId("directory-prev")).toBeVisible();
      const second = await people(page);
      expect(second).toEqual((await apiPeople(page, expected.nextPage)).people);
      expect(second.length).toBeGreaterThan(0);
      for (const p of second) expect(first).not.toContain(p);

      await page.getByTestId("directory-prev").click();
      await page.waitForURL(/\/directory\?q=ad#directory-results$/); // the pager's links land on the results
      await expect(rows).toHaveCount(10);
      expect(await people(page)).toEqual(first);
      await expect(page.getByTestId("directory-prev")).toHaveCount(0);
      await expectMode(page, mode);

      await page.goto("/directory?q=zzzznobody");
      await expect(page.getByTestId("directory-empty")).toBeVisible();
    });

    test(`groups shows all 231 groups of the overage user (${mode})`, async ({ page }) => {
      await signIn(page, USERS.grady, "/groups");
      await expectMode(page, mode);
      await expect(page.getByTestId("groups-count")).toHaveText("231");
      await expect(page.getByTestId("group-row")).toHaveCount(231);
      await expect(page.getByTestId("group-row").filter({ hasText: "All Company" })).toHaveCount(1);
    });
  });
}

// ---- 2. The migration: one sign-in, one consent, then SPA mode with the same data and no screen.

/** A fresh user signs in on the server pages (consenting once) and reads all three; returns oid and data. */
async function startOnServerPages(page: Page) {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);
  const me = (await (await page.request.get("/api/me")).json()) as { id: string };
  return { oid: me.id, server: await readAll(page, "server") };
}

test("migration by the override cookie: the SPA pages show the server pages' Graph data with no new sign-in or consent", async ({ page, context, request }) => {
  const { oid, server } = await startOnServerPages(page);
  expect(server.profile.name).toBe("Adele Vance");
  expect(server.directory.length).toBe(10);

  const screens = idpScreens(page);
  await setModes(context, "*=spa");
  expect(await readAll(page, "spa")).toEqual(server);
  expect(screens).toEqual([]);

  // Over the whole journey: one interactive sign-in, one consent prompt (the frontend's, which through
  // knownClientApplications also covered the backend's Graph permissions).
  expect(await prompts(request, oid)).toEqual({ signIns: 1, consents: [FRONTEND] });
});

test.describe("migration by a restart with SPA_PAGES", () => {
  const port = Number(process.env.E2E_RESTART_PORT ?? 3103);
  const restarted = `http://localhost:${port}`;
  let app: ChildProcess | undefined;
  let output = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The same configuration as the webServer (the emulator's tenant, derived from EMULATOR_PORT by
      // lib/config, the same AUTH_SECRET default and session store), except SPA_PAGES and the cookie.
      EMULATOR_PORT: new URL(EMULATOR_URL).port,
      EMULATOR_STATE_DIR: ".emulator-test",
      NODE_EXTRA_CA_CERTS: resolve(".emulator-test/ca.crt"),
      AUTH_URL: restarted,
      AUTH_TRUST_HOST: "true",
      LOG_LEVEL: "warn",
      SPA_PAGES: "profile,directory,groups",
      FLAG_OVERRIDE_COOKIE: "off",
    };
    delete env.REDIS_URL;
    if (process.env.REDIS_TEST_URL) env.REDIS_URL = process.env.REDIS_TEST_URL;
    app = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], { env, stdio: ["ignore", "pipe", "pipe"] });
    app.stdout?.on("data", (c: Buffer) => (output += c));
    app.stderr?.on("data", (c: Buffer) => (output += c));
    for (let i = 0; i < 200; i++) {
      if (app.exitCode !== null) break;
      if (await fetch(`${restarted}/`, { redirect: "manual" }).then(() => true, () => false)) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`the app with SPA_PAGES did not start on ${port}:\n${output}`);
  });
  test.afterAll(() => {
    app?.kill("SIGTERM");
  });

  test("after the restart the same pages are SPA pages with the same Graph data and no new sign-in or consent", async ({ page, request }) => {
    const { oid, server } = await startOnServerPages(page);

    const screens = idpScreens(page);
    const spa = await readAll(page, "spa", restarted);
    expect(spa).toEqual(server);
    // Configuration decides here: no override cookie, no flip link.
    await expect(page.getByTestId("mode-flip")).toHaveCount(0);
    expect(screens).toEqual([]);
    expect(await prompts(request, oid)).toEqual({ signIns: 1, consents: [FRONTEND] });
    // How the SPA joined: with a shared Redis the session (and its spa_code) survived, no IdP round trip;
    // in memory it was lost, and msal-browser signed in again from the IdP's session (SSO, no screen).
    const sso = (await userEvents(request, oid)).filter((e) => e.type === "sso").length;
    if (process.env.REDIS_TEST_URL) expect(sso).toBe(0);
    else expect(sso).toBeGreaterThan(0);
  });
});

// ---- 3. Negative control: the backend without knownClientApplications.

test.describe("negative control: the backend lists no known client", () => {
  test.beforeEach(async ({ request }) => setBackendKnownClients(request, []));
  test.afterEach(async ({ request }) => setBackendKnownClients(request, [FRONTEND]));

  const oboConsentErrors = async (request: APIRequestContext) =>
    (await emulatorErrors(request)).filter((e) => e.data?.code === 65001 && e.data?.endpoint === "token" && e.data?.grantType === OBO).length;

  test("the OBO step answers consent_required in both modes, and Grant access recovers with one more consent", async ({ page, context, request }) => {
    await page.goto("/profile");
    await signInAtEmulator(page, USERS.adele);
    await page.waitForURL(/\/profile$/);
    await expectMode(page, "server");
    await expect(page.getByTestId("problem")).toHaveAttribute("data-code", "ERR_OBO_CONSENT_REQUIRED");
    await expect(page.getByTestId("grant-access")).toHaveAttribute("href", "/auth/consent?returnTo=%2Fprofile");
    const afterServer = await oboConsentErrors(request);
    expect(afterServer).toBeGreaterThan(0);

    await setModes(context, "profile=spa");
    await page.goto("/profile");
    await expectMode(page, "spa");
    await expect(page.getByTestId("problem")).toHaveAttribute("data-code", "ERR_OBO_CONSENT_REQUIRED");
    const grant = page.getByTestId("grant-access");
    await expect(grant).toHaveAttribute("href", "/auth/consent?returnTo=%2Fprofile");
    expect(await oboConsentErrors(request)).toBeGreaterThan(afterServer); // the SPA's bearer call hit it too

    // Grant access from the SPA page: the backend's consent, then back to the SPA page with data.
    await grant.click();
    await expect(page.locator("form[data-page=consent]")).toBeVisible();
    await expect(page.locator("body")).toContainText("Dual-mode web API (backend)");
    await page.getByRole("button", { name: "Accept" }).click();
    await page.waitForURL(`${APP_URL}/profile`);
    await expectMode(page, "spa");
    await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");

    await setModes(context, "profile=server");
    await page.goto("/profile");
    await expectMode(page, "server");
    await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");

    expect(await prompts(request, USERS.adele)).toEqual({ signIns: 1, consents: [FRONTEND, BACKEND] });
  });
});

// ---- 4. The redirect URI rules.

test("SPA mode only uses the SPA redirect URI: no AADSTS9002326, every cross-origin /token call redeems SPA codes", async ({ page, context, request }) => {
  const authorizes: URL[] = [];
  const tokens: Request[] = [];
  context.on("request", (r) => {
    if (!r.url().startsWith(EMULATOR_URL)) return;
    if (r.url().includes("/oauth2/v2.0/authorize")) authorizes.push(new URL(r.url()));
    if (/\/oauth2\/v2\.0\/token/.test(r.url()) && r.method() === "POST") tokens.push(r);
  });

  // msal-browser's own sign-in (no server session), then the server's sign-in, then a new tab that gets
  // the hybrid spa_code, then another new tab that joins by silent SSO (hidden iframe).
  await setModes(context, "*=spa");
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await page.goto("/auth/signin?returnTo=%2F"); // to the home page, which leaves the spa_code for the next SPA page
  await page.waitForURL(`${APP_URL}/`);
  // Tabs share msal-browser's cache (localStorage, encrypted with the key in this cookie): without the key a
  // new tab starts with no MSAL account, the case the spa_code and silent SSO are for.
  await context.clearCookies({ name: "msal.cache.encryption" });
  const viaCode = await context.newPage();
  await viaCode.goto("/directory?q=ad");
  await expect(viaCode.getByTestId("directory-row").first()).toBeVisible();
  await context.clearCookies({ name: "msal.cache.encryption" });
  const viaSso = await context.newPage();
  await viaSso.goto("/profile");
  await expect(viaSso.getByTestId("profile-name")).toHaveText("Adele Vance");

  // Authorize: the one server sign-in used the web callback; every request msal-browser made, the SPA URI.
  const redirectUris = authorizes.map((u) => u.searchParams.get("redirect_uri"));
  expect(redirectUris.filter((u) => u === WEB_CALLBACK)).toHaveLength(1);
  expect(redirectUris.filter((u) => u !== WEB_CALLBACK).every((u) => u === SPA_REDIRECT)).toBe(true);
  expect(redirectUris.filter((u) => u === SPA_REDIRECT).length).toBeGreaterThanOrEqual(2); // loginRedirect + ssoSilent
  for (const u of authorizes) {
    expect(u.searchParams.get("client_id")).toBe(FRONTEND);
    expect(u.searchParams.get("code_challenge_method")).toBe("S256");
  }

  // Token: every browser call is cross-origin from this app, public (no secret), and accepted; its codes
  // are SPA codes (sent to the SPA redirect URI, or the spa_code, which names none).
  const codes = tokens.map((r) => new URLSearchParams(r.postData() ?? "")).filter((f) => f.get("grant_type") === "authorization_code");
  expect(codes.length).toBeGreaterThanOrEqual(3); // loginRedirect, spa_code, ssoSilent
  for (const r of tokens) {
    expect(await r.headerValue("origin")).toBe(APP_URL);
    const form = new URLSearchParams(r.postData() ?? "");
    expect(form.get("client_id")).toBe(FRONTEND);
    expect(form.get("client_secret")).toBeNull();
    expect((await r.response())?.status(), form.get("grant_type") ?? "").toBe(200);
  }
  for (const form of codes) expect([null, SPA_REDIRECT]).toContain(form.get("redirect_uri"));
  expect(codes.filter((f) => f.get("redirect_uri") === null)).toHaveLength(1); // the spa_code

  const errors = await emulatorErrors(request);
  expect(errors.filter((e) => [9002325, 9002326, 9002327].includes(Number(e.data?.code)))).toEqual([]);
});
