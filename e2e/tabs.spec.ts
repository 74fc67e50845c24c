// Tabs of one browser agree: a sign-out in any tab signs out every tab within a second, a new tab on an
// SPA page shows the data from the shared (encrypted) MSAL cache with no trip to the IdP, and a click
// made while an SPA page is still signing in is never undone by a redirect.
import { expect, test, type Page, type Request } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { emulatorEvents, resetEmulator, USERS } from "./support/emulator";
import { idpNavigations, MODES, setModes, signIn } from "./support/pages";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

/** Calls to the app's API from this tab from now on. */
function apiCalls(page: Page): Request[] {
  const calls: Request[] = [];
  page.on("request", (r) => {
    if (r.url().startsWith(`${APP_URL}/api/`) && !r.url().includes("/api/auth/")) calls.push(r);
  });
  return calls;
}

for (const mode of MODES) {
  const other = mode === "spa" ? "server" : "spa";
  test(`signing out in a ${mode}-mode tab signs out a ${other}-mode tab within a second`, async ({ context }) => {
    // The profile in the mode under test, the groups in the other; both tabs show the user's data.
    await setModes(context, mode === "spa" ? "profile=spa,groups=server" : "profile=server,groups=spa");
    const one = await context.newPage();
    await signIn(one, USERS.adele, "/profile");
    await expect(one.getByTestId("profile-name")).toHaveText("Adele Vance");
    const two = await context.newPage();
    await two.goto("/groups");
    await expect(two.getByTestId("groups-count")).toHaveText("2");
    const calls = apiCalls(two);

    await one.getByRole("button", { name: "Sign out" }).click();
    const signedOutAt = Date.now();
    // The other tab leaves its page at once (its data hidden first, then the signed-out page).
    await expect(two.getByTestId("groups-count")).toBeHidden({ timeout: 1_000 });
    await two.waitForURL(/\/signed-out$/, { timeout: 1_000, waitUntil: "commit" });
    expect(Date.now() - signedOutAt).toBeLessThan(1_000);
    await expect(two.getByTestId("groups-count")).toHaveCount(0);
    await expect(two.getByTestId("signed-in-user")).toHaveCount(0);
    await one.waitForURL(/\/signed-out$/);

    // Nothing of the session is left to call the API with: a reload of either page asks for a sign-in.
    await two.goto("/groups");
    await expect(two).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
    await expect(two.locator("input[name=password]")).toBeVisible();
    expect(calls.filter((r) => r.headers()["authorization"])).toEqual([]);
    await one.goto("/profile");
    await expect(one).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
  });
}

test("a new tab on an SPA page shows the user's data with no visible redirect: no main-frame trip to the IdP", async ({
  context,
  request,
}) => {
  await setModes(context, "*=spa");
  const first = await context.newPage();
  await signIn(first, USERS.adele, "/profile");
  await expect(first.getByTestId("profile-name")).toHaveText("Adele Vance");
  const sso = (await emulatorEvents(request, "sso", USERS.adele)).length;

  const tab = await context.newPage();
  const toIdp = idpNavigations(tab);
  const frames: string[] = [];
  tab.on("request", (r) => {
    if (r.url().startsWith(EMULATOR_URL) && r.url().includes("/authorize")) frames.push(r.url());
  });
  await tab.goto("/groups");
  // The page is there at once (heading), and the data without a sign-in of any kind.
  await expect(tab.getByRole("heading", { level: 1, name: "My groups" })).toBeVisible();
  await expect(tab.getByTestId("groups-count")).toHaveText("2");
  expect(toIdp).toEqual([]);
  expect(frames, "not even a hidden iframe asked the IdP").toEqual([]);
  expect((await emulatorEvents(request, "sso", USERS.adele)).length).toBe(sso);
});

test("a click while an SPA page is still signing in is not overridden by the sign-in redirect", async ({
  page,
  context,
}) => {
  await signIn(page, USERS.adele, "/groups");
  // A tab with the sessions but no usable MSAL cache (its key cookie is gone): the SPA page must try silent
  // SSO, which fails as it does where third-party cookies are blocked (login_required), after 2 s; then it
  // would redirect to the IdP.
  await setModes(context, "profile=spa");
  await context.clearCookies({ name: "msal.cache.encryption" });
  const tab = await context.newPage();
  await tab.route(/\/oauth2\/v2\.0\/authorize/, async (route) => {
    if (route.request().frame() === tab.mainFrame()) return route.continue();
    const asked = new URL(route.request().url());
    await new Promise((r) => setTimeout(r, 2_000));
    const answer = new URLSearchParams({
      error: "login_required",
      error_description: "AADSTS50058: no session in this frame",
      state: asked.searchParams.get("state") ?? "",
    });
    const location =
      asked.searchParams.get("response_mode") === "query"
        ? `${APP_URL}/spa-redirect?${answer}`
        : `${APP_URL}/spa-redirect#${answer}`;
    await route.fulfill({ status: 302, headers: { location } });
  });
  const toIdp = idpNavigations(tab);
  await tab.goto("/profile");
  await expect(tab.getByTestId("skeleton")).toBeVisible();
  await tab.locator("header nav:visible").getByRole("link", { name: "Groups" }).click();
  await tab.waitForURL(`${APP_URL}/groups`);
  await expect(tab.getByTestId("groups-count")).toHaveText("2");
  await tab.waitForTimeout(4_000); // past the failed silent SSO
  await expect(tab).toHaveURL(`${APP_URL}/groups`);
  expect(toIdp).toEqual([]);
});
