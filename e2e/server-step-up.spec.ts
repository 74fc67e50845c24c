// The claims challenge: Graph needs MFA for miriam, the sign-in did not do it, so OBO answers a claims
// challenge and the page sends her through sign-in again with those claims.
import { expect, test } from "@playwright/test";
import { APP_URL } from "../playwright.config";
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
