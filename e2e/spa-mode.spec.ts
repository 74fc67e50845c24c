// SPA mode behind the page flags: a page flipped to SPA mode (override cookie) signs in with
// msal-browser and calls the same API with a bearer token. A user already signed in on the server
// must see no login and no consent screen: the server's sign-in hands the SPA a one-time spa_code
// (hybrid flow), and without it silent SSO takes over. The same-assertions-in-both-modes suite, the
// migration journeys, the consent negative control and the redirect URI rules are in migration.spec.ts.
import { expect, test, type BrowserContext, type Page, type Request } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import {
  emulatorEvents,
  FRONTEND,
  MFA_CODE,
  onEmulator,
  resetEmulator,
  signInAtEmulator,
  USERS,
} from "./support/emulator";

const MSAL_MARKERS = ["BrowserAuthError", "msal.js.browser"];
const TOKEN_PATH = /\/oauth2\/v2\.0\/token/;

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function setModes(context: BrowserContext, value: string) {
  await context.addCookies([{ name: "page-mode", value, url: APP_URL }]);
}

/** Signs in through a server-mode page, the way a user starts. */
async function signInOnServer(page: Page, context: BrowserContext) {
  await setModes(context, "*=server");
  await page.goto("/groups");
  await signInAtEmulator(page);
  await page.waitForURL(/\/groups$/);
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "server");
  await expect(page.getByTestId("groups-count")).toHaveText("2");
}

/** Every main-frame URL the page visits from now on. */
function urlHistory(page: Page): string[] {
  const urls: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}

function tokenRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(EMULATOR_URL) && TOKEN_PATH.test(r.url()) && r.method() === "POST") requests.push(r);
  });
  return requests;
}

async function counts(request: Parameters<typeof emulatorEvents>[0], user = USERS.adele) {
  const [signIns, consents, sso] = await Promise.all([
    emulatorEvents(request, "sign_in", user),
    emulatorEvents(request, "consent_prompt", user),
    emulatorEvents(request, "sso", user),
  ]);
  return { signIns: signIns.length, consents: consents.length, sso: sso.length };
}

/** MSAL's cache: entries in localStorage, none readable (no JWT, no refresh token), the key in a session cookie. */
async function expectEncryptedCache(page: Page, context: BrowserContext) {
  const storage = await page.evaluate(() => ({
    local: Object.entries(localStorage).filter(([k]) => k.startsWith("msal.")),
    session: Object.entries(sessionStorage).filter(([k]) => k.startsWith("msal.")),
  }));
  expect(storage.local.length).toBeGreaterThan(0);
  for (const [key, value] of [...storage.local, ...storage.session]) {
    expect(value, key).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
    expect(value, key).not.toMatch(/"secret"\s*:/);
  }
  const tokenEntries = storage.local.filter(([k]) => /accesstoken|refreshtoken|idtoken/i.test(k));
  expect(tokenEntries.length).toBeGreaterThan(0);
  for (const [key, value] of tokenEntries)
    expect(JSON.parse(value), key).toMatchObject({
      id: expect.any(String),
      nonce: expect.any(String),
      data: expect.any(String),
    });
  const key = (await context.cookies(APP_URL)).find((c) => c.name === "msal.cache.encryption");
  expect(key, "the cache key cookie").toBeTruthy();
  expect(key!.expires, "a session cookie: gone with the browser session").toBe(-1);
}

/** The JavaScript a page loaded, concatenated. */
async function loadedScripts(page: Page, path: string): Promise<string> {
  const bodies: Promise<string>[] = [];
  const onResponse = (r: import("@playwright/test").Response) => {
    if (r.url().startsWith(APP_URL) && r.request().resourceType() === "script") bodies.push(r.text().catch(() => ""));
  };
  page.on("response", onResponse);
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  page.off("response", onResponse);
  return (await Promise.all(bodies)).join("\n");
}

test("a server-signed-in user opens /profile in SPA mode with no login or consent screen (hybrid spa_code)", async ({
  page,
  context,
  request,
}) => {
  await signInOnServer(page, context);
  await page.goto("/profile");
  const server = {
    name: await page.getByTestId("profile-name").textContent(),
    mail: await page.getByTestId("profile-mail").textContent(),
  };
  expect(server.name).toBe("Adele Vance");
  const before = await counts(request);

  await setModes(context, "profile=spa");
  const history = urlHistory(page);
  const tokens = tokenRequests(page);
  const apiCalls: Request[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(`${APP_URL}/api/me`)) apiCalls.push(r);
  });
  const first = await page.goto("/profile");
  const firstHtml = await first!.text();
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "spa");
  await expect(page.getByTestId("profile-name")).toHaveText(server.name!);
  await expect(page.getByTestId("profile-mail")).toHaveText(server.mail!);

  // No screen of the IdP was ever shown, and the IdP counted no sign-in, consent or even silent SSO.
  expect(history.filter((u) => u.startsWith(EMULATOR_URL))).toEqual([]);
  expect(history.every((u) => u.startsWith(`${APP_URL}/profile`))).toBe(true);
  expect(await counts(request)).toEqual(before);

  // The SPA redeemed the spa_code itself: cross-origin (Origin header) as the frontend, no secret, accepted.
  const redemption = tokens.find(
    (r) => new URLSearchParams(r.postData() ?? "").get("grant_type") === "authorization_code",
  );
  expect(redemption, "the SPA redeems the spa_code").toBeTruthy();
  expect(await redemption!.headerValue("origin")).toBe(APP_URL);
  const form = new URLSearchParams(redemption!.postData() ?? "");
  expect(form.get("client_id")).toBe(FRONTEND);
  expect(form.get("client_secret")).toBeNull();
  expect(form.get("code_verifier")).toBeNull(); // a spa_code needs no PKCE: the server proved the first code
  expect(form.get("redirect_uri") ?? `${APP_URL}/spa-redirect`).toBe(`${APP_URL}/spa-redirect`);
  expect((await redemption!.response())?.status()).toBe(200);

  // The page called the same API with a bearer token, each route once; MSAL's cache is in localStorage,
  // shared by the tabs and encrypted with a session cookie's key: no token readable in any storage.
  await page.waitForLoadState("networkidle");
  expect(apiCalls.map((r) => new URL(r.url()).pathname).sort()).toEqual(["/api/me", "/api/me/photo"]);
  expect(await apiCalls[0]!.headerValue("authorization")).toMatch(/^Bearer ey/);
  await expectEncryptedCache(page, context);

  // The code was handed out once: the first SPA page carried it, the next one does not.
  const SPA_CODE = /spaCode\\?":\\?"1\./;
  expect(firstHtml).toMatch(SPA_CODE);
  const again = await page.request.get("/profile");
  expect(await again.text()).not.toMatch(SPA_CODE);
});

test("without the spa_code or MSAL's cache the SPA joins the server sign-in through silent SSO, still with no screen", async ({
  page,
  context,
  request,
}) => {
  await signInOnServer(page, context);
  await setModes(context, "profile=spa");
  await page.goto("/profile"); // consumes the spa_code
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  const before = await counts(request);

  // A new tab with the server session and the IdP's session but no usable MSAL cache: its key (a session
  // cookie) is gone, so the encrypted entries cannot be read. With the key, a new tab shares the cache
  // instead and needs no SSO at all (e2e/tabs.spec.ts).
  await context.clearCookies({ name: "msal.cache.encryption" });
  const tab = await context.newPage();
  const history = urlHistory(tab);
  const tokens = tokenRequests(tab);
  await tab.goto("/profile");
  await expect(tab.getByTestId("profile-name")).toHaveText("Adele Vance");
  expect(history.filter((u) => u.startsWith(EMULATOR_URL))).toEqual([]);
  const after = await counts(request);
  expect(after).toEqual({ ...before, sso: before.sso + 1 });
  // The hidden iframe's code came back to the SPA redirect URI and was redeemed cross-origin with PKCE.
  const redemption = tokens.find(
    (r) => new URLSearchParams(r.postData() ?? "").get("grant_type") === "authorization_code",
  );
  const form = new URLSearchParams(redemption!.postData() ?? "");
  expect(form.get("redirect_uri")).toBe(`${APP_URL}/spa-redirect`);
  expect(form.get("code_verifier")).toBeTruthy();
  expect(await redemption!.headerValue("origin")).toBe(APP_URL);
  expect((await redemption!.response())?.status()).toBe(200);
});

test("mixed navigation server → SPA → server keeps the user signed in both ways", async ({
  page,
  context,
  request,
}) => {
  await signInOnServer(page, context);
  await setModes(context, "profile=spa");
  const before = await counts(request);
  const history = urlHistory(page);
  await page.getByRole("link", { name: "Profile" }).click();
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "spa");
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await page.getByRole("link", { name: "Groups" }).click();
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "server");
  await expect(page.getByTestId("groups-count")).toHaveText("2");
  await page.getByRole("link", { name: "Profile" }).click();
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await expect(page.getByTestId("signed-in-user")).toHaveText("Adele Vance");
  expect(history.filter((u) => u.startsWith(EMULATOR_URL))).toEqual([]);
  expect(await counts(request)).toEqual(before);
});

test("sign-out from an SPA page ends the MSAL account and the server session", async ({ page, context, request }) => {
  await signInOnServer(page, context);
  await setModes(context, "profile=spa");
  await page.goto("/profile");
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  expect(await page.evaluate(() => Object.keys(localStorage).some((k) => k.startsWith("msal.")))).toBe(true);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signed-out$/);
  const msalKeys = () =>
    [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter(
      (k) => k.startsWith("msal.") && /token|account/i.test(k),
    );
  expect(await page.evaluate(msalKeys)).toEqual([]);
  expect((await context.cookies()).filter((c) => c.name === "msal.cache.encryption")).toEqual([]);
  expect(await emulatorEvents(request, "logout", USERS.adele)).not.toHaveLength(0);
  expect((await context.cookies()).filter((c) => c.name.includes("session-token"))).toEqual([]);

  // Both halves are gone: the SPA page must sign in again (at the IdP), and so must a server page.
  await page.goto("/profile");
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
  await setModes(context, "*=server");
  await page.goto("/groups");
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
});

test("a claims challenge from the API: the notice server mode shows, Continue → MFA once with those claims → the profile", async ({
  page,
  context,
  request,
}) => {
  await setModes(context, "profile=spa");
  const authorizeUrls: URL[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(EMULATOR_URL) && r.url().includes("/oauth2/v2.0/authorize"))
      authorizeUrls.push(new URL(r.url()));
  });
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.miriam);
  // The API answered 401 insufficient_claims: the page says why and waits for the user, as in server mode.
  const problem = page.getByTestId("problem");
  await expect(problem).toHaveAttribute("data-code", "ERR_OBO_CLAIMS_CHALLENGE");
  await expect(problem).toHaveAttribute("data-tone", "info");
  await expect(page).toHaveURL(`${APP_URL}/profile`);
  await problem.getByTestId("continue-step-up").click();
  // The SPA goes back to the IdP with the claims.
  await onEmulator(page);
  await page.fill("input[name=otc]", MFA_CODE);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(`${APP_URL}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Miriam Graham");
  const claims = authorizeUrls.map((u) => u.searchParams.get("claims") ?? "");
  expect(claims.some((c) => c.includes("capolids") || c.includes("acrs"))).toBe(true);
  expect(await emulatorEvents(request, "mfa_prompt", USERS.miriam)).toHaveLength(1);
});

test("the internal SPA tree is not reachable directly", async ({ request }) => {
  for (const path of ["/spa/profile", "/spa/groups", "/spa"]) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(404);
  }
});

test("a server-mode page ships no MSAL; an SPA-mode page does", async ({ page, context }) => {
  await signInOnServer(page, context);
  const serverJs = await loadedScripts(page, "/profile");
  expect(serverJs.length).toBeGreaterThan(0);
  for (const marker of MSAL_MARKERS) expect(serverJs.includes(marker), `server page contains ${marker}`).toBe(false);

  await setModes(context, "profile=spa");
  const spaJs = await loadedScripts(page, "/profile");
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  expect(MSAL_MARKERS.some((m) => spaJs.includes(m))).toBe(true);
});

test("the mode badge flips a page where the override cookie counts", async ({ page, context }) => {
  await signInOnServer(page, context);
  await page.goto("/profile");
  await page.getByTestId("mode-flip").click();
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "spa");
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await page.getByTestId("mode-flip").click();
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "server");
});

test("signed in only in an SPA tab: the header shows that account instead of 'Sign in', and its Sign out ends it", async ({
  page,
  context,
}) => {
  await setModes(context, "profile=spa");
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele); // msal-browser's own sign-in: no server session
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  const header = page.locator("header.top");
  await expect(header.getByTestId("spa-signed-in-user")).toHaveText("Adele Vance");
  await expect(header.getByTestId("header-sign-in")).toBeHidden();

  // A server-rendered page knows no session and offers its own sign-in.
  await page.goto("/");
  await expect(header.getByTestId("header-sign-in")).toBeVisible();
  await expect(header.getByTestId("spa-signed-in-user")).toHaveCount(0);

  await page.goto("/profile"); // the tab's account is still there
  await expect(header.getByTestId("spa-signed-in-user")).toHaveText("Adele Vance");
  await header.getByTestId("spa-sign-out").click();
  await page.waitForURL(/\/signed-out$/);
  await expect(header.getByTestId("header-sign-in")).toBeVisible();
  expect(
    await page.evaluate(() =>
      [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter(
        (k) => k.startsWith("msal.") && k.includes("account"),
      ),
    ),
  ).toEqual([]);
});
