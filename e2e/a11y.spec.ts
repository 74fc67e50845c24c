// axe-core on every page in both modes: no serious or critical violation (the landing page, the profile
// and a notice in dark mode too).
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { EMULATOR_URL } from "../playwright.config";
import { resetEmulator, USERS } from "./support/emulator";
import { MODES, setModes, signIn } from "./support/pages";
import { grantTasks, graphAs } from "./support/tasks";

test.beforeEach(async ({ request }) => {
  test.setTimeout(240_000); // many pages per test
  await resetEmulator(request);
});

async function expectAccessible(page: Page, label: string, schemes: Array<"light" | "dark"> = ["light"]) {
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page }).analyze();
    const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(
      serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      `${label} (${colorScheme})`,
    ).toEqual([]);
  }
}

test("signed out: landing, 404, signed-out and sign-in error pages", async ({ page }) => {
  for (const path of ["/", "/no-such-page", "/signed-out", "/auth/error?error=Configuration"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    await expectAccessible(page, path, path === "/" ? ["light", "dark"] : ["light"]);
  }
});

for (const mode of MODES) {
  test(`signed in, ${mode} mode: every page`, async ({ page, context, request }) => {
    await setModes(context, `*=${mode}`);
    await grantTasks(request, "megan@contoso.onmicrosoft.com");
    await (await graphAs(request, "megan@contoso.onmicrosoft.com")).add("Book the team offsite");
    await signIn(page, "megan@contoso.onmicrosoft.com", "/profile");
    const pages: Array<[string, () => Promise<void>]> = [
      ["/profile", () => expect(page.getByTestId("profile-name")).toBeVisible()],
      ["/directory?q=a", () => expect(page.getByTestId("directory-row").first()).toBeVisible()],
      ["/directory", () => expect(page.getByTestId("directory-query")).toBeVisible()],
      ["/groups", () => expect(page.getByTestId("groups-count")).toBeVisible()],
      ["/tasks", () => expect(page.getByTestId("task-title").first()).toBeVisible()],
      ["/", () => expect(page.getByRole("heading", { level: 1 })).toBeVisible()],
      ["/diagnostics", () => expect(page.getByTestId("diag-obo-result")).toBeVisible()],
      ["/admin/disabled-users", () => expect(page.getByTestId("disabled-users")).toBeVisible()],
      ["/migration", () => expect(page.getByTestId("rollout-tasks")).toBeVisible()],
    ];
    for (const [path, ready] of pages) {
      await page.goto(path);
      await ready();
      await expectAccessible(page, `${path} (${mode})`, path === "/profile" ? ["light", "dark"] : ["light"]);
    }
  });
}

test("a notice, open, in both modes; a user's 403 page", async ({ page, context, request }) => {
  await signIn(page, USERS.adele, "/");
  for (const mode of MODES) {
    await setModes(context, `*=${mode}`);
    expect(
      (
        await request.post(`${EMULATOR_URL}/_admin/faults`, {
          data: { target: "graph", status: 503, retryAfterSeconds: 0, count: 20 },
        })
      ).status(),
    ).toBe(201);
    await page.goto("/profile");
    const problem = page.getByTestId("problem");
    await expect(problem).toHaveAttribute("data-code", "ERR_GRAPH_UNAVAILABLE", { timeout: 20_000 });
    await problem.getByTestId("admin-details").locator("summary").first().click();
    await expectAccessible(page, `notice (${mode})`, ["light", "dark"]);
    expect((await request.delete(`${EMULATOR_URL}/_admin/faults`)).ok()).toBeTruthy();
  }
  const forbidden = await page.goto("/admin/disabled-users");
  expect(forbidden?.status()).toBe(403);
  await expectAccessible(page, "403");
});
