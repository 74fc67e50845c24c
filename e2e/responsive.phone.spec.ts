// At phone width (the "phone" project, 360 px) every page fits the screen, signed in or out, in both
// modes: no horizontal scroll, the navigation in a menu, the account and Sign out on screen.
import { expect, test, type Page } from "@playwright/test";
import { resetEmulator, USERS } from "./support/emulator";
import { grantTasks, graphAs } from "./support/tasks";
import { expectNoHorizontalScroll, MODES, setModes, signIn } from "./support/pages";

const MEGAN = "megan@contoso.onmicrosoft.com";

test.beforeEach(async ({ request }) => {
  test.setTimeout(240_000); // many pages per test
  await resetEmulator(request);
});

async function visit(page: Page, path: string, ready: () => Promise<void>) {
  await page.goto(path);
  await ready();
  await expectNoHorizontalScroll(page, path);
}

test("signed out: the landing page, the 404, the sign-in error and the signed-out page fit", async ({ page }) => {
  const h1 = () => expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  for (const path of ["/", "/no-such-page", "/auth/error?error=Configuration", "/signed-out"])
    await visit(page, path, h1);
  // The header: a menu instead of the bar, Sign in on screen.
  await page.goto("/");
  await expect(page.getByTestId("header-sign-in")).toBeInViewport();
  await page.locator("summary", { hasText: "Menu" }).click();
  await page.locator("header nav:visible").getByRole("link", { name: "Directory" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible(); // the sign-in at the IdP, or the page
});

for (const mode of MODES) {
  test(`signed in (${mode} mode): profile, directory, groups, tasks, diagnostics and admin pages fit`, async ({
    page,
    context,
    request,
  }) => {
    await setModes(context, `*=${mode}`);
    await grantTasks(request, MEGAN);
    // A task title with no break opportunity: the row must wrap it, not widen the page.
    await (await graphAs(request, MEGAN)).add(`Quarterly-business-review-preparation-${"x".repeat(60)}`);
    await signIn(page, "megan@contoso.onmicrosoft.com", "/profile"); // an admin: every page is open
    await expect(page.getByTestId("profile-name")).toHaveText("Megan Bowen");
    await expectNoHorizontalScroll(page, "/profile");
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
    await expect(page.getByTestId("profile-mail")).toBeInViewport();

    await visit(page, "/directory?q=a", () => expect(page.getByTestId("directory-row").first()).toBeVisible());
    await visit(page, "/groups", () => expect(page.getByTestId("groups-count")).toBeVisible());
    await visit(page, "/tasks", () => expect(page.getByTestId("task-title").first()).toBeVisible());
    await visit(page, "/", () => expect(page.getByRole("heading", { level: 1 })).toBeVisible());
    await visit(page, "/diagnostics", () => expect(page.getByTestId("diag-obo-result")).toBeVisible());
    await visit(page, "/admin/disabled-users", () => expect(page.getByTestId("disabled-users")).toBeVisible());

    // The menu holds the navigation, the current page marked; choosing a page closes it.
    await page.goto("/groups");
    const menu = page.locator("details.nav-menu");
    await menu.locator("summary").click();
    await expect(menu.getByRole("link", { name: "Groups" })).toHaveAttribute("aria-current", "page");
    await menu.getByRole("link", { name: "Profile" }).click();
    await expect(page.getByTestId("profile-name")).toHaveText("Megan Bowen");
    await expect(menu).not.toHaveAttribute("open");
  });
}

test("grady's 231 groups and the filter fit at phone width in both modes", async ({ page, context }) => {
  await signIn(page, USERS.grady, "/");
  for (const mode of MODES) {
    await setModes(context, `groups=${mode}`);
    await visit(page, "/groups", () => expect(page.getByTestId("group-row")).toHaveCount(231));
    await expect(page.getByTestId("group-filter")).toBeInViewport();
  }
});
