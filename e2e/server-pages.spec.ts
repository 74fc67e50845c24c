// The server-mode pages end to end against `next start` + the emulator: sign-in, OBO, Graph data.
import { expect, test } from "@playwright/test";
import { emulatorEvents, FRONTEND, resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("profile: one sign-in and one consent show the user's Graph profile and photo", async ({ page, request }) => {
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);

  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  await expect(page.getByTestId("profile-mail")).toHaveText("adele@contoso.onmicrosoft.com");
  await expect(page.getByTestId("profile-job-title")).toHaveText("Product Manager");
  const photo = page.locator('main img[src="/api/me/photo"]');
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);

  // The one consent covered frontend → backend and (knownClientApplications) backend → Graph.
  const prompts = await emulatorEvents(request, "consent_prompt", USERS.adele);
  expect(prompts).toHaveLength(1);
  expect(prompts[0]!.clientId).toBe(FRONTEND);
  expect(await emulatorEvents(request, "sign_in", USERS.adele)).toHaveLength(1);
});

test("directory: search shows matching people and pages forward and back", async ({ page }) => {
  await page.goto("/directory");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/directory$/);

  await page.getByTestId("directory-query").fill("ad");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/\/directory\?q=ad$/);
  const rows = page.getByTestId("directory-row");
  // Names and mails read from the cells' text (the streamed page swaps its content in, so layout-based innerText varies).
  const people = () => rows.evaluateAll((trs) => trs.map((tr) => `${tr.children[0]?.textContent} <${tr.children[1]?.textContent}>`));
  await expect(rows.first()).toBeVisible();
  await expect(rows).toHaveCount(10);
  const first = await people();
  for (const p of first) expect(p.toLowerCase()).toMatch(/\bad/);

  await page.getByTestId("directory-next").click();
  await page.waitForURL(/page=/);
  await expect(page.getByTestId("directory-prev")).toBeVisible();
  const second = await people();
  expect(second.length).toBeGreaterThan(0);
  for (const p of second) expect(p.toLowerCase()).toMatch(/\bad/);
  for (const p of second) expect(first).not.toContain(p); // the next page, not the same people again

  await page.getByTestId("directory-prev").click();
  await page.waitForURL(/\/directory\?q=ad$/);
  await expect(rows).toHaveCount(10);
  expect(await people()).toEqual(first);
  await expect(page.getByTestId("directory-prev")).toHaveCount(0);
});

test("directory: a search with no match says so", async ({ page }) => {
  await page.goto("/directory?q=zzzznobody");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/directory\?q=zzzznobody$/);
  await expect(page.getByTestId("directory-empty")).toBeVisible();
});

test("groups: the overage user sees all 231 groups from Graph", async ({ page }) => {
  await page.goto("/groups");
  await signInAtEmulator(page, USERS.grady);
  await page.waitForURL(/\/groups$/);
  await expect(page.getByTestId("groups-count")).toHaveText("231");
  await expect(page.getByTestId("group-row")).toHaveCount(231);
  await expect(page.getByTestId("group-row").filter({ hasText: "All Company" })).toHaveCount(1);
});
