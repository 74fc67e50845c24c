// The groups page, in the project's mode (runs once per mode: playwright.config.ts, e2e/support/modes.ts).
import { resetEmulator, USERS } from "../support/emulator";
import { expect, expectMode, test } from "../support/modes";
import { signIn } from "../support/pages";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("groups shows all 231 groups of the overage user", async ({ page, mode }) => {
  await signIn(page, USERS.grady, "/groups");
  await expectMode(page, mode);
  await expect(page.getByTestId("groups-count")).toHaveText("231");
  await expect(page.getByTestId("group-row")).toHaveCount(231);
  await expect(page.getByTestId("group-row").filter({ hasText: "All Company" })).toHaveCount(1);
});
