// The profile page, in the project's mode (runs once per mode: playwright.config.ts, e2e/support/modes.ts).
import { resetEmulator, USERS } from "../support/emulator";
import { expect, expectMode, test } from "../support/modes";
import { readProfile, signIn } from "../support/pages";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("profile shows the user's Graph name, mail, job title and photo", async ({ page, mode }) => {
  await signIn(page, USERS.adele, "/profile");
  await expectMode(page, mode);
  expect(await readProfile(page)).toEqual({
    name: "Adele Vance",
    mail: "adele@contoso.onmicrosoft.com",
    jobTitle: "Product Manager",
  });
});
