// Continuous access evaluation: an admin revokes the user's sessions while the app still holds valid
// tokens. Graph refuses the cached CAE token at once (claims challenge), the on-behalf-of retry with those
// claims is refused (AADSTS50173), and the page asks the user to sign in again: password, then the page.
import { expect, test, type APIRequestContext } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { emulatorEvents, onEmulator, PASSWORD, resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function revoke(request: APIRequestContext, user: string) {
  expect((await request.post(`${EMULATOR_URL}/_admin/sessions/revoke`, { data: { user } })).ok()).toBeTruthy();
  // Tokens issued in the second of the revocation count as revoked: let the next sign-in fall after it.
  expect((await request.post(`${EMULATOR_URL}/_admin/clock`, { data: { advanceSeconds: 2 } })).ok()).toBeTruthy();
}

test("server mode: revoked sessions → 'sign in again' → password → the profile", async ({ page, request }) => {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");

  await revoke(request, USERS.adele);
  await page.reload();
  await expect(page.getByTestId("problem")).toHaveAttribute("data-code", "ERR_INTERACTION_REQUIRED");
  await expect(page.getByTestId("problem")).toContainText("AADSTS50173");
  const next = page.getByTestId("continue-step-up");
  await expect(next).toHaveAttribute("href", "/auth/reauth?returnTo=%2Fprofile&prompt=login");

  await next.click();
  await signInAtEmulator(page, USERS.adele); // the IdP session was revoked too: the password again
  await page.waitForURL(`${APP_URL}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  expect(await emulatorEvents(request, "sign_in", USERS.adele)).toHaveLength(2);
});

test("SPA mode: revoked sessions → the same notice as server mode → Continue → msal-browser signs in again → the profile", async ({
  page,
  context,
  request,
}) => {
  await context.addCookies([{ name: "page-mode", value: "profile=spa", url: APP_URL }]);
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");

  const refusals: string[] = [];
  page.on("response", async (r) => {
    if (new URL(r.url()).pathname === "/api/me" && r.status() === 401)
      refusals.push(((await r.json()) as { error: string }).error);
  });
  await revoke(request, USERS.adele);
  await page.reload();
  // The API answers interaction_required; the tab's refresh token was revoked as well, so msal-browser
  // cannot renew silently: the page says so with the notice server mode shows, and waits for the user.
  const problem = page.getByTestId("problem");
  await expect(problem).toHaveAttribute("data-code", "ERR_INTERACTION_REQUIRED");
  await expect(problem).toContainText("AADSTS50173");
  await expect(page).toHaveURL(`${APP_URL}/profile`);
  await problem.getByTestId("continue-step-up").click();
  await onEmulator(page);
  await page.fill("input[name=username]", USERS.adele);
  await page.fill("input[name=password]", PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(`${APP_URL}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  expect(refusals).toEqual(["interaction_required"]);
  expect(await emulatorEvents(request, "sign_in", USERS.adele)).toHaveLength(2);
});
