// Shared by the specs that walk the app as a user does, in both modes: the server's sign-in (the app's one
// sign-in in both modes), and each page read the same way in both modes (for e2e/pages/ and the journeys).
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../../playwright.config";
import { signInAtEmulator, USERS } from "./emulator";

export const MODES = ["server", "spa"] as const;
export type Mode = (typeof MODES)[number];

export async function setModes(context: BrowserContext, value: string) {
  await context.addCookies([{ name: "page-mode", value, url: APP_URL }]);
}

/** The server's sign-in (both modes start from it), landing on `path`; `base`: another instance's origin. */
export async function signIn(page: Page, user: string = USERS.adele, path = "/", base = APP_URL) {
  await page.goto(`${base}/auth/signin?${new URLSearchParams({ returnTo: path })}`);
  await signInAtEmulator(page, user, base);
  await page.waitForURL((url) => url.href.startsWith(base) && `${url.pathname}${url.search}` === path);
}

/** Every main-frame URL the page visits from now on. */
export function mainFrameUrls(page: Page): string[] {
  const urls: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}

/** Main-frame navigation requests that went to the identity provider. */
export function idpNavigations(page: Page): string[] {
  const urls: string[] = [];
  page.on("request", (r) => {
    if (r.isNavigationRequest() && r.frame() === page.mainFrame() && r.url().startsWith(EMULATOR_URL))
      urls.push(r.url());
  });
  return urls;
}

export async function expectNoHorizontalScroll(page: Page, label: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
  }));
  expect(scrollWidth, `${label}: document ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(
    innerWidth,
  );
}

export async function readProfile(page: Page, base = "") {
  await page.goto(`${base}/profile`);
  const photo = page.locator("main img").first();
  await expect(page.getByTestId("profile-name")).toBeVisible();
  await expect
    .poll(() => photo.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBeGreaterThan(0);
  return {
    name: await page.getByTestId("profile-name").textContent(),
    mail: await page.getByTestId("profile-mail").textContent(),
    jobTitle: await page.getByTestId("profile-job-title").textContent(),
  };
}

/** The directory rows on screen, as "Name <mail>". */
export const people = (page: Page) =>
  page
    .getByTestId("directory-row")
    .evaluateAll((trs) => trs.map((tr) => `${tr.children[0]?.textContent} <${tr.children[1]?.textContent}>`));

export async function readDirectory(page: Page, base = "") {
  await page.goto(`${base}/directory?q=ad`);
  await expect(page.getByTestId("directory-row").first()).toBeVisible();
  return people(page);
}

export async function readGroups(page: Page, base = "") {
  await page.goto(`${base}/groups`);
  await expect(page.getByTestId("groups-count")).toBeVisible();
  return {
    count: await page.getByTestId("groups-count").textContent(),
    rows: await page.getByTestId("group-row").allTextContents(),
  };
}

/** What Graph says through the API (session cookie): the oracle both modes' pages must match. */
export async function apiPeople(page: Page, pageToken?: string) {
  const res = await page.request.get(
    `/api/directory?${new URLSearchParams({ q: "ad", ...(pageToken ? { page: pageToken } : {}) })}`,
  );
  expect(res.ok()).toBeTruthy();
  const body = (await res.json()) as { items: { displayName: string; mail: string | null }[]; nextPage?: string };
  return { people: body.items.map((p) => `${p.displayName} <${p.mail ?? "—"}>`), nextPage: body.nextPage };
}
