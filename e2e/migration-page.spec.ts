// /migration, the admins' view of a rollout: each mode's page loads (from the browser's beacon, sent the
// same way by both modes), time to data, consent prompts and API errors by code, side by side; totals
// across instances when they share Redis. Counters live as long as the test run's store, so every
// assertion compares before and after.
import { expect, test, type Page } from "@playwright/test";
import { APP_URL } from "../playwright.config";
import { startAppInstance } from "./support/app-instance";
import { FRONTEND, resetEmulator, setBackendKnownClients, USERS } from "./support/emulator";
import type { Mode } from "./support/modes";
import { expectNoHorizontalScroll, signIn } from "./support/pages";
import { grantTasks } from "./support/tasks";

test.describe.configure({ timeout: 120_000 }); // two sign-ins and several page loads per test

const MEGAN = "megan@contoso.onmicrosoft.com"; // holds the backend's Directory.Admin app role
const BEACON = "/api/health/page-load";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function setMode(page: Page, mode: Mode, base = APP_URL) {
  await page.context().addCookies([{ name: "page-mode", value: `profile=${mode}`, url: base }]);
}

/** Loads /profile in `mode` and waits until the browser has reported the load. */
async function loadProfile(page: Page, mode: Mode, base = APP_URL) {
  await setMode(page, mode, base);
  const reported = page.waitForResponse((r) => r.url() === `${base}${BEACON}` && r.request().method() === "POST");
  await page.goto(`${base}/profile`);
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", mode);
  expect((await reported).status()).toBe(204);
}

async function cell(page: Page, mode: Mode, row: string): Promise<string> {
  return (await page.getByTestId(`health-profile-${mode}-${row}`).textContent()) ?? "";
}

async function profileHealth(page: Page) {
  await page.goto(`${APP_URL}/migration`);
  const read = async (mode: Mode) => ({
    loads: Number(await cell(page, mode, "loads")),
    consent: Number(await cell(page, mode, "consent")),
    p50: await cell(page, mode, "p50"),
    apiErrors: await cell(page, mode, "api-errors"),
  });
  return { server: await read("server"), spa: await read("spa") };
}

const count = (codes: string, code: string) => Number(new RegExp(`${code} × (\\d+)`).exec(codes)?.[1] ?? 0);

test("/migration shows each mode's loads and time to data, side by side", async ({ page }) => {
  await signIn(page, MEGAN, "/migration");
  await expect(page.getByTestId("rollout-profile-rules")).toContainText("No flag: everyone gets server mode.");
  const before = await profileHealth(page);
  await loadProfile(page, "server");
  await loadProfile(page, "spa");
  await loadProfile(page, "spa");
  const after = await profileHealth(page);
  expect(after.server.loads - before.server.loads).toBe(1);
  expect(after.spa.loads - before.spa.loads).toBe(2);
  for (const mode of ["server", "spa"] as const) expect(after[mode].p50).toMatch(/^\d+ ms$/);
});

test("Tasks reports its loads and time to data in both modes like every page", async ({ page, request }) => {
  await grantTasks(request, MEGAN);
  await signIn(page, MEGAN, "/migration");
  const tasks = async () => ({
    server: await page.getByTestId("health-tasks-server-loads").textContent(),
    spa: await page.getByTestId("health-tasks-spa-loads").textContent(),
  });
  const before = await tasks();
  for (const mode of ["server", "spa"] as const) {
    await page.context().addCookies([{ name: "page-mode", value: `tasks=${mode}`, url: APP_URL }]);
    const reported = page.waitForResponse((r) => r.url() === `${APP_URL}${BEACON}` && r.request().method() === "POST");
    await page.goto("/tasks");
    await expect(page.getByTestId("add-task-form")).toBeVisible();
    expect(JSON.parse((await reported).request().postData() ?? "{}")).toMatchObject({
      page: "tasks",
      mode,
      outcome: "ok",
    });
  }
  await page.goto("/migration");
  const after = await tasks();
  for (const mode of ["server", "spa"] as const) {
    expect(Number(after[mode]) - Number(before[mode]), mode).toBe(1);
    await expect(page.getByTestId(`health-tasks-${mode}-p50`)).toHaveText(/^\d+ ms$/);
  }
});

test("at phone width (390 px) every page's rollout and health fit the screen", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, MEGAN, "/migration");
  await expect(page.getByRole("heading", { level: 1, name: "Page migration" })).toBeVisible();
  for (const name of ["Profile", "Directory", "Groups", "Tasks"])
    await expect(page.getByRole("table", { name: `${name}: health per mode, last 24 hours` })).toBeVisible();
  await expectNoHorizontalScroll(page, "/migration at 390 px");
  // Nor do the tables scroll inside their cards: every figure is readable at once.
  expect(
    await page.locator(".table-scroll").evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).length),
  ).toBe(0);
});

test.describe("when the backend lacks consent", () => {
  test.afterEach(async ({ request }) => setBackendKnownClients(request, [FRONTEND]));

  test("each mode's consent prompts and its API errors by code are counted apart", async ({
    browser,
    page,
    request,
  }) => {
    await signIn(page, MEGAN, "/migration");
    const before = await profileHealth(page);
    await setBackendKnownClients(request, []); // the OBO step now answers consent_required (Megan, an admin, consented tenant-wide)
    const user = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await signIn(user, USERS.adele, "/");
    for (const mode of ["server", "spa"] as const) {
      await loadProfile(user, mode);
      await expect(user.getByTestId("grant-access")).toBeVisible();
    }
    const after = await profileHealth(page);
    for (const mode of ["server", "spa"] as const) {
      expect(after[mode].consent - before[mode].consent, mode).toBe(1);
      expect(
        count(after[mode].apiErrors, "ERR_OBO_CONSENT_REQUIRED") -
          count(before[mode].apiErrors, "ERR_OBO_CONSENT_REQUIRED"),
        mode,
      ).toBeGreaterThanOrEqual(1);
    }
  });
});

test("a user without the admin role gets a 403; the role is named behind the details for the administrator", async ({
  page,
}) => {
  await signIn(page, USERS.adele, "/migration");
  await expect(page.getByTestId("forbidden")).toContainText("for the app's administrators");
  await expect(page.getByTestId("forbidden-details")).toBeHidden();
  await page.getByText("Details for your administrator").click();
  await expect(page.getByTestId("forbidden-details")).toContainText("Directory.Admin app role");
  expect((await page.request.get("/migration", { maxRedirects: 0 })).status()).toBe(403);
});

test.describe("several instances", () => {
  test.skip(!process.env.REDIS_TEST_URL, "needs REDIS_TEST_URL (npm test starts a private redis-server)");

  test("a load served by another instance shows in this instance's totals", async ({ browser, page }) => {
    test.setTimeout(120_000);
    const other = await startAppInstance(Number(process.env.E2E_SECOND_PORT ?? 3101), { FLAG_OVERRIDE_COOKIE: "on" });
    try {
      await signIn(page, MEGAN, "/migration");
      const before = await profileHealth(page);
      const tab = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
      await signIn(tab, MEGAN, "/profile", other.url);
      await loadProfile(tab, "spa", other.url);
      // The other instance pushes its counts to Redis every 5 s.
      await expect
        .poll(async () => (await profileHealth(page)).spa.loads - before.spa.loads, { timeout: 15_000 })
        .toBeGreaterThanOrEqual(1);
    } finally {
      other.stop();
    }
  });
});
