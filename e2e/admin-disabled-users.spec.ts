// The admin page end to end: app-role authorization of the signed-in user, then app-only Graph.
import { expect, test } from "@playwright/test";
import { resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

const MEGAN = "megan@contoso.onmicrosoft.com"; // holds the backend's Directory.Admin app role

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("a Directory.Admin user sees the tenant's disabled accounts", async ({ page }) => {
  await page.goto("/admin/disabled-users");
  await signInAtEmulator(page, MEGAN);
  await page.waitForURL(/\/admin\/disabled-users$/);
  const rows = page.getByTestId("disabled-users").locator("tbody tr");
  await expect(rows).toHaveCount(5);
  const text = (await rows.allInnerTexts()).join("\n");
  for (const name of ["lee", "lynne", "pradeep", "isaiah", "joni"])
    expect(text).toContain(`${name}@contoso.onmicrosoft.com`);
});

test("a user without the role gets a 403 page; the role is named behind the details for the administrator", async ({
  page,
}) => {
  await page.goto("/admin/disabled-users");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/admin\/disabled-users$/);
  await expect(page.getByTestId("forbidden")).toContainText("for the app's administrators");
  await expect(page.getByTestId("forbidden-details")).toBeHidden();
  await page.getByText("Details for your administrator").click();
  await expect(page.getByTestId("forbidden-details")).toContainText("Directory.Admin app role");
  const res = await page.request.get("/admin/disabled-users", { maxRedirects: 0 });
  expect(res.status()).toBe(403);
});
