// The directory page, in the project's mode (runs once per mode: playwright.config.ts, e2e/support/modes.ts).
import { resetEmulator, USERS } from "../support/emulator";
import { expect, expectMode, test } from "../support/modes";
import { apiPeople, people, signIn } from "../support/pages";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("directory search shows Graph's matches and pages forward and back", async ({ page, mode }) => {
  await signIn(page, USERS.adele, "/directory");
  await expectMode(page, mode);
  const rows = page.getByTestId("directory-row");
  await page.getByTestId("directory-query").fill("ad");
  await page.getByRole("button", { name: "Search" }).click();
  await page.waitForURL(/\/directory\?q=ad$/);
  await expect(rows).toHaveCount(10);
  const expected = await apiPeople(page);
  const first = await people(page);
  expect(first).toEqual(expected.people);
  for (const p of first) expect(p.toLowerCase()).toMatch(/\bad/);

  await page.getByTestId("directory-next").click();
  await page.waitForURL(/page=/);
  await expect(page.getByTestId("directory-prev")).toBeVisible();
  const second = await people(page);
  expect(second).toEqual((await apiPeople(page, expected.nextPage)).people);
  expect(second.length).toBeGreaterThan(0);
  for (const p of second) expect(first).not.toContain(p);

  await page.getByTestId("directory-prev").click();
  await page.waitForURL(/\/directory\?q=ad#directory-results$/); // the pager's links land on the results
  await expect(rows).toHaveCount(10);
  expect(await people(page)).toEqual(first);
  await expect(page.getByTestId("directory-prev")).toHaveCount(0);
  await expectMode(page, mode);

  await page.goto("/directory?q=zzzznobody");
  await expect(page.getByTestId("directory-empty")).toBeVisible();
});
