// The claims challenge: Graph needs MFA for miriam, the sign-in did not do it, so OBO answers a claims
// challenge and the page sends her through sign-in again with those claims.
import { expect, test } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { emulatorEvents, MFA_CODE, onEmulator, resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("MFA user: additional verification notice, Continue, MFA code, then the profile", async ({ page, request }) => {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.miriam);
  await page.waitForURL(/\/profile$/);
  expect(await emulatorEvents(request, "mfa_prompt", USERS.miriam)).toHaveLength(0);
  await expect(page.getByTestId("problem")).toHaveAttribute("data-code", "ERR_OBO_CLAIMS_CHALLENGE");
  await expect(page.getByTestId("problem")).toContainText("extra sign-in step");
  const next = page.getByTestId("continue-step-up");
  await expect(next).toHaveAttribute("href", /^\/auth\/reauth\?returnTo=%2Fprofile&claims=/);

  await next.click();
  await onEmulator(page);
  await page.fill("input[name=otc]", MFA_CODE);
  await page.getByRole("button", { name: "Verify" }).click();
  await page.waitForURL(`${APP_URL}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Miriam Graham");
  await expect(page.getByTestId("profile-job-title")).toHaveText("Finance Director");
  expect(await emulatorEvents(request, "mfa_prompt", USERS.miriam)).toHaveLength(1);
  expect(await emulatorEvents(request, "sign_in", USERS.miriam)).toHaveLength(1); // SSO, no second password
});

test("Entra requires a fresh sign-in without claims (AADSTS50079): Continue signs in again, then the profile", async ({
  page,
  request,
}) => {
  await page.goto("/auth/signin?returnTo=%2F"); // the home page makes no OBO exchange
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(`${APP_URL}/`);
  // The first OBO exchange is answered with AADSTS50079 (interaction_required, no claims).
  const fault = await request.post(`${EMULATOR_URL}/_admin/faults`, {
    data: { target: "token", aadsts: 50079, match: "urn:ietf:params:oauth:grant-type:jwt-bearer" },
  });
  expect(fault.status()).toBe(201);
  await page.goto("/directory?q=ad");
  await expect(page.getByTestId("problem")).toHaveAttribute("data-code", "ERR_INTERACTION_REQUIRED");
  const next = page.getByTestId("continue-step-up");
  await expect(next).toHaveAttribute("href", "/auth/reauth?returnTo=%2Fdirectory%3Fq%3Dad&prompt=login");

  await next.click();
  await signInAtEmulator(page, USERS.adele); // prompt=login: the password again, whatever the session
  await page.waitForURL(`${APP_URL}/directory?q=ad`);
  await expect(page.getByTestId("directory-row").first()).toBeVisible();
  expect(await emulatorEvents(request, "sign_in", USERS.adele)).toHaveLength(2);
});
