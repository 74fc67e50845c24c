// The migration proof, against `next start` + the emulator (every page's own spec runs in both modes:
// e2e/pages/, once per Playwright project):
//  1. a user who signed in and consented once on server pages keeps working when the pages move to SPA
//     mode, (a) by the override cookie and (b) by restarting the app with SPA_PAGES: same Graph data, no
//     login or consent screen, one interactive sign-in and one consent prompt in the emulator's log;
//  2. the negative control: without knownClientApplications the OBO step answers consent_required in
//     both modes, and Grant access recovers with exactly one more consent;
//  3. the redirect URI rules: SPA mode only ever uses the SPA redirect URI (never AADSTS9002326).
//
// The restart (1b) spawns a second `next start` on E2E_RESTART_PORT (default 3103) with SPA_PAGES set and
// the override cookie off, against the same emulator and with the webServer's session store: Redis when
// REDIS_TEST_URL is set (as under `npm test`), so the server session survives the restart and the SPA
// joins it through the spa_code hand-off; otherwise in-memory, so the restarted app has lost the server
// session and the SPA recovers by SSO at the IdP's existing session. Either way no screen may show.
import { expect, test, type APIRequestContext, type Page, type Request } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { startAppInstance, type AppInstance } from "./support/app-instance";
import {
  BACKEND,
  emulatorErrors,
  FRONTEND,
  resetEmulator,
  setBackendKnownClients,
  signInAtEmulator,
  userEvents,
  USERS,
} from "./support/emulator";
import { expectMode } from "./support/modes";
import { readDirectory, readGroups, readProfile, setModes, type Mode } from "./support/pages";

const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const SPA_REDIRECT = `${APP_URL}/spa-redirect`;
const WEB_CALLBACK = `${APP_URL}/api/auth/callback/microsoft-entra-id`;

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

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

// ---- What each page shows, read the same way in both modes (the base URL lets 1b read the restarted app).

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

// ---- 1. The migration: one sign-in, one consent, then SPA mode with the same data and no screen.

/** A fresh user signs in on the server pages (consenting once) and reads all three; returns oid and data. */
async function startOnServerPages(page: Page) {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);
  const me = (await (await page.request.get("/api/me")).json()) as { id: string };
  return { oid: me.id, server: await readAll(page, "server") };
}

test("migration by the override cookie: the SPA pages show the server pages' Graph data with no new sign-in or consent", async ({
  page,
  context,
  request,
}) => {
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
  let app: AppInstance | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // The webServer's configuration and session store (Redis under `npm test`), except SPA_PAGES and the cookie.
    app = await startAppInstance(Number(process.env.E2E_RESTART_PORT ?? 3103), {
      SPA_PAGES: "profile,directory,groups",
      FLAG_OVERRIDE_COOKIE: "off",
    });
  });
  test.afterAll(() => app?.stop());

  test("after the restart the same pages are SPA pages with the same Graph data and no new sign-in or consent", async ({
    page,
    request,
  }) => {
    const { oid, server } = await startOnServerPages(page);

    const screens = idpScreens(page);
    const spa = await readAll(page, "spa", app!.url);
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

// ---- 2. Negative control: the backend without knownClientApplications.

test.describe("negative control: the backend lists no known client", () => {
  test.beforeEach(async ({ request }) => setBackendKnownClients(request, []));
  test.afterEach(async ({ request }) => setBackendKnownClients(request, [FRONTEND]));

  const oboConsentErrors = async (request: APIRequestContext) =>
    (await emulatorErrors(request)).filter(
      (e) => e.data?.code === 65001 && e.data?.endpoint === "token" && e.data?.grantType === OBO,
    ).length;

  test("the OBO step answers consent_required in both modes, and Grant access recovers with one more consent", async ({
    page,
    context,
    request,
  }) => {
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

// ---- 3. The redirect URI rules.

test("SPA mode only uses the SPA redirect URI: no AADSTS9002326, every cross-origin /token call redeems SPA codes", async ({
  page,
  context,
  request,
}) => {
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
  const codes = tokens
    .map((r) => new URLSearchParams(r.postData() ?? ""))
    .filter((f) => f.get("grant_type") === "authorization_code");
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
