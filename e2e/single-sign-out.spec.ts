// Single sign-out: the user signs out of Entra somewhere else (another app, or the IdP itself). Entra's
// signed-out page loads the frontend's front-channel logout URL in a hidden iframe with the Entra
// session's sid, and the server session signed in through it ends: the next page asks for a sign-in.
import { expect, test } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { EMULATOR_DEFAULTS } from "../lib/config";
import { emulatorEvents, onEmulator, resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

// No admin hook sets the front-channel logout URL: the tenant file registers "{app}/auth/frontchannel-logout"
// and the start-up wrapper tells the emulator the app's URL (EMULATOR_APP_URL, from the port the app starts on).
test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("signing out of Entra elsewhere ends the app's server session through the front-channel logout URL", async ({
  page,
  request,
}) => {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");

  const notified = page.waitForResponse((r) => r.url().startsWith(`${APP_URL}/auth/frontchannel-logout?sid=`));
  await page.goto(`${EMULATOR_URL}/${EMULATOR_DEFAULTS.tenantId}/oauth2/v2.0/logout`); // no client: as if from another app
  const response = await notified;
  expect(response.status()).toBe(200);
  expect(response.headers()["content-security-policy"]).toContain(`frame-ancestors ${EMULATOR_URL}`);
  expect(response.headers()["x-frame-options"]).toBeUndefined();
  expect(await emulatorEvents(request, "frontchannel_logout", USERS.adele)).toHaveLength(1);

  // The app's cookie is still in the browser, but the session it named is gone: sign in again.
  await page.goto("/profile");
  await onEmulator(page);
  await expect(page.locator("input[name=username]")).toBeVisible();
});

test("the app's own sign-out is not echoed back to it; a bad sid gets 400", async ({ page, request }) => {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signed-out$/);
  expect(await emulatorEvents(request, "frontchannel_logout", USERS.adele)).toHaveLength(0);

  for (const query of [
    "",
    "?sid=",
    "?sid=..%2F..",
    `?sid=6f1c2a8e-0000-4000-8000-000000000001&iss=https://evil.example/v2.0`,
  ]) {
    const res = await request.get(`${APP_URL}/auth/frontchannel-logout${query}`);
    expect(res.status(), query).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe("invalid_request");
  }
  expect(
    (await request.get(`${APP_URL}/auth/frontchannel-logout?sid=6f1c2a8e-0000-4000-8000-000000000001`)).status(),
  ).toBe(200); // unknown: nothing to end
});
