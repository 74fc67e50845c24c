// Reading each page the same way in both modes (for e2e/pages/ and the migration journeys), and the
// server's sign-in (the app's one sign-in in both modes).
import { expect, type Page } from "@playwright/test";
import { signInAtEmulator } from "./emulator";

/** Signs in through the server, returning to `path`. */
export async function signIn(page: Page, user: string, path: string, base = "") {
  await page.goto(`${base}/auth/signin?${new URLSearchParams({ returnTo: path })}`);
  await signInAtEmulator(page, user, ...(base ? [base] : []));
  await page.waitForURL((url) => `${url.pathname}${url.search}` === path);
}

export async function readProfile(page: Page, base = "") {
  await page.goto(`${base}/profile`);
  const photo = page.locator("main img").first();
  await expect(page.getByTestId("profile-name")).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
  return {
    name: await page.getByTestId("profile-name").textContent(),
    mail: await page.getByTestId("profile-mail").textContent(),
    jobTitle: await page.getByTestId("profile-job-title").textContent(),
  };
}

/** The directory rows on screen, as "Name <mail>". */
export const people = (page: Page) =>
  page.getByTestId("directory-row").evaluateAll((trs) => trs.map((tr) => `${tr.children[0]?.textContent} <${tr.children[1]?.textContent}>`));

export async function readDirectory(page: Page, base = "") {
  await page.goto(`${base}/directory?q=ad`);
  await expect(page.getByTestId("directory-row").first()).toBeVisible();
  return people(page);
}

export async function readGroups(page: Page, base = "") {
  await page.goto(`${base}/groups`);
  await expect(page.getByTestId("groups-count")).toBeVisible();
  return { count: await page.getByTestId("groups-count").textContent(), rows: await page.getByTestId("group-row").allTextContents() };
}

/** What Graph says through the API (session cookie): the oracle both modes' pages must match. */
export async function apiPeople(page: Page, pageToken?: string) {
  const res = await page.request.get(`/api/directory?${new URLSearchParams({ q: "ad", ...(pageToken ? { page: pageToken } : {}) })}`);
  expect(res.ok()).toBeTruthy();
  const body = (await res.json()) as { items: { displayName: string; mail: string | null }[]; nextPage?: string };
  return { people: body.items.map((p) => `${p.displayName} <${p.mail ?? "—"}>`), nextPage: body.nextPage };
}
