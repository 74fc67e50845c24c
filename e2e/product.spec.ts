// The app as its users meet it, in both modes: titles, navigation, the 404, avatars, the directory's
// count and paging, the group filter, loading that keeps the page, and one notice for each interruption.
import { readFileSync } from "node:fs";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { APP_LOG, EMULATOR_URL } from "../playwright.config";
import { FRONTEND, resetEmulator, setBackendKnownClients, USERS } from "./support/emulator";
import { MODES, setModes, signIn } from "./support/pages";

const APP_NAME = "Entra Workspace";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

async function graphFault(request: APIRequestContext, body: Record<string, unknown>) {
  expect((await request.post(`${EMULATOR_URL}/_admin/faults`, { data: { target: "graph", ...body } })).status()).toBe(
    201,
  );
}

test("every page has its own title, and the 404 is a page of the app", async ({ page, context }) => {
  test.setTimeout(180_000);
  await page.goto("/");
  await expect(page).toHaveTitle(APP_NAME);
  const missing = await page.goto("/no-such-page");
  expect(missing?.status()).toBe(404);
  await expect(page).toHaveTitle(`Page not found · ${APP_NAME}`);
  await expect(page.getByTestId("not-found")).toBeVisible();
  await expect(page.locator("header.top")).toBeVisible(); // inside the app layout, with the navigation
  await page.getByRole("link", { name: "Go to the home page" }).click();
  await expect(page).toHaveURL(/\/$/);

  await signIn(page, USERS.adele, "/");
  for (const mode of MODES) {
    await setModes(context, `*=${mode}`);
    for (const [path, title] of [
      ["/profile", "Profile"],
      ["/directory", "Directory"],
      ["/groups", "My groups"],
    ] as const) {
      await page.goto(path);
      await expect(page, `${path} (${mode})`).toHaveTitle(`${title} · ${APP_NAME}`);
      // The navigation marks where the user is, once.
      const current = page.locator("header nav:visible a[aria-current=page]");
      await expect(current, `${path} (${mode})`).toHaveCount(1);
      await expect(current).toHaveAttribute("href", path);
    }
  }
  await page.goto("/diagnostics");
  await expect(page).toHaveTitle(`Diagnostics · ${APP_NAME}`);
});

test("a skip link leads past the header to the page's content", async ({ page }) => {
  await page.goto("/");
  await page.keyboard.press("Tab");
  const skip = page.getByRole("link", { name: "Skip to main content" });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press("Enter");
  await expect(page.locator("#main")).toBeFocused();
});

test("the header offers Admin to admins only, and Diagnostics only to those who may open it", async ({
  page,
  context,
}) => {
  const nav = page.locator("header nav:visible");
  await page.goto("/");
  await expect(nav.getByRole("link", { name: "Diagnostics" })).toHaveCount(0);
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);

  await signIn(page, USERS.adele, "/");
  await expect(nav.getByRole("link", { name: "Admin" })).toHaveCount(0);
  // Outside `npm run dev`, /diagnostics is for the admin role only (lib/diagnose/access.ts, mayDiagnose).
  await expect(nav.getByRole("link", { name: "Diagnostics" })).toHaveCount(0);
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signed-out$/);
  await context.clearCookies();

  await signIn(page, "megan@contoso.onmicrosoft.com", "/");
  await expect(nav.getByRole("link", { name: "Diagnostics" })).toBeVisible();
  await nav.getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin\/disabled-users$/);
  await expect(page.getByTestId("disabled-users")).toBeVisible();
  await page.getByTestId("admin-nav").getByRole("link", { name: "Page migration" }).click();
  await expect(page).toHaveURL(/\/migration$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page migration");
});

for (const mode of MODES) {
  test.describe(`${mode} mode`, () => {
    test.beforeEach(async ({ context }) => setModes(context, `*=${mode}`));

    test(`a user without a photo sees their initials, not a broken image (${mode})`, async ({ page }) => {
      await signIn(page, "alex@contoso.onmicrosoft.com", "/profile");
      await expect(page.getByTestId("profile-name")).toHaveText("Alex Wilber");
      const avatar = page.locator("main").getByTestId("avatar");
      await expect(avatar).toHaveText("AW");
      await expect(avatar).toHaveAttribute("data-photo", "no");
      await expect(page.locator("main img")).toHaveCount(0);
    });

    test(`the directory says how many match and where a page sits, and paging keeps focus on the results (${mode})`, async ({
      page,
    }) => {
      await signIn(page, USERS.adele, "/directory?q=a");
      const count = page.getByTestId("directory-count");
      await expect(count).toHaveText(/^\d+ people match “a”$/);
      const total = Number((await count.textContent())!.split(" ")[0]);
      expect(total).toBeGreaterThan(20);
      await expect(page.getByTestId("directory-position")).toHaveText(`Showing 1–10 of ${total}`);
      await page.getByTestId("directory-next").click();
      await expect(page.getByTestId("directory-position")).toHaveText(`Showing 11–20 of ${total}`);
      await expect(count).toBeFocused();
      await page.getByTestId("directory-prev").click();
      await expect(page.getByTestId("directory-position")).toHaveText(`Showing 1–10 of ${total}`);
      await expect(count).toBeFocused();
    });

    test(`a long group list has a filter box (${mode})`, async ({ page }) => {
      await signIn(page, USERS.grady, "/groups");
      await expect(page.getByTestId("groups-count")).toHaveText("231");
      await expect(page.getByTestId("group-row")).toHaveCount(231);
      const first = (await page.getByTestId("group-row").first().textContent())!;
      await page.getByTestId("group-filter").fill(first);
      const rows = page.getByTestId("group-row");
      await expect(rows.first()).toHaveText(first);
      const shown = await rows.count();
      expect(shown).toBeLessThan(231);
      await expect(page.getByTestId("group-filter-count")).toHaveText(`${shown} of 231 shown`);
      await page.getByTestId("group-filter").fill("");
      await expect(rows).toHaveCount(231);
    });

    test(`loading keeps the heading, badge and form; only the data area shows a skeleton (${mode})`, async ({
      page,
      request,
    }) => {
      await signIn(page, USERS.adele, "/");
      // Graph throttles the next two calls for 5 s each (lib/graph retries after Retry-After): a slow page.
      await graphFault(request, { status: 429, retryAfterSeconds: 5, count: 2 });
      await page.goto("/directory?q=ad", { waitUntil: "commit" });
      await expect(page.getByRole("heading", { level: 1, name: "Directory" })).toBeVisible();
      await expect(page.getByTestId("directory-query")).toHaveValue("ad");
      await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", mode);
      await expect(page.getByTestId("skeleton")).toHaveAttribute("data-shape", "directory");
      await expect(page.getByTestId("directory-row")).toHaveCount(0);
      await expect(page.getByTestId("directory-row").first()).toBeVisible({ timeout: 30_000 });
      await expect(page.getByTestId("skeleton")).toHaveCount(0);
      await expect(page.getByRole("heading", { level: 1, name: "Directory" })).toBeVisible();
    });

    test(`Graph throttled: an error notice, Try again counts down the Retry-After, details hold a correlation id from the server log (${mode})`, async ({
      page,
      request,
    }) => {
      await signIn(page, USERS.adele, "/");
      await graphFault(request, { status: 429, retryAfterSeconds: 5, count: 20 }); // more than lib/graph retries
      await page.goto("/profile");
      const problem = page.getByTestId("problem");
      await expect(problem).toHaveAttribute("data-code", "ERR_GRAPH_THROTTLED", { timeout: 20_000 });
      await expect(problem).toHaveAttribute("data-tone", "error");
      await expect(problem.locator(".notice-title")).toHaveText(
        "The service is busy right now. Please try again in a moment.",
      );
      const retry = problem.getByTestId("retry");
      await expect(retry).toHaveText(/^Try again in [1-5] s$/);
      await expect(retry).toHaveAttribute("aria-disabled", "true");
      await expect(retry).toHaveText("Try again", { timeout: 8_000 });
      // Technical details sit behind a disclosure, with the id the server logged.
      const details = problem.getByTestId("admin-details");
      await expect(details.getByTestId("correlation-id")).toBeHidden();
      await details.locator("summary").first().click();
      const id = (await details.getByTestId("correlation-id").textContent())!;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      await expect.poll(() => readFileSync(APP_LOG, "utf8").includes(id)).toBe(true);
      const line = readFileSync(APP_LOG, "utf8")
        .split("\n")
        .find((l) => l.includes(id))!;
      expect(JSON.parse(line)).toMatchObject({ correlationId: id, code: "ERR_GRAPH_THROTTLED" });

      expect((await request.delete(`${EMULATOR_URL}/_admin/faults`)).ok()).toBeTruthy();
      await retry.click();
      await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
    });

    test(`consent missing: a neutral notice with Grant access and the diagnosis behind the details (${mode})`, async ({
      page,
      request,
    }) => {
      await setBackendKnownClients(request, []);
      try {
        await signIn(page, USERS.adele, "/profile");
        const problem = page.getByTestId("problem");
        await expect(problem).toHaveAttribute("data-code", "ERR_OBO_CONSENT_REQUIRED");
        await expect(problem).toHaveAttribute("data-tone", "info");
        await expect(problem.locator(".notice-title")).toHaveText(
          "This page needs your permission to reach this information in Microsoft 365.",
        );
        await expect(problem.getByTestId("grant-access")).toBeVisible();
        // No client id, claim or AADSTS code in what the user sees; all of it behind the disclosure.
        const visible = await problem.innerText();
        expect(visible).not.toMatch(/AADSTS|knownClientApplications|client id|[0-9a-f]{8}-[0-9a-f]{4}-/i);
        await expect(problem.getByTestId("diagnosis")).toBeHidden();
        await problem.getByTestId("admin-details").locator("summary").first().click();
        await expect(problem.getByTestId("diagnosis")).toHaveAttribute("data-code", "AADSTS65001");
      } finally {
        await setBackendKnownClients(request, [FRONTEND]);
      }
    });
  });
}
