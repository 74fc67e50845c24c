// Shared by the specs that walk the app as a user does, in both modes.
import { expect, type BrowserContext, type Page } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../../playwright.config";
import { signInAtEmulator, USERS } from "./emulator";

export const MODES = ["server", "spa"] as const;
export type Mode = (typeof MODES)[number];

export async function setModes(context: BrowserContext, value: string) {
  await context.addCookies([{ name: "page-mode", value, url: APP_URL }]);
}

/** The server's sign-in (both modes start from it), landing on `path`. */
export async function signIn(page: Page, user: string = USERS.adele, path = "/") {
  await page.goto(`/auth/signin?${new URLSearchParams({ returnTo: path })}`);
  await signInAtEmulator(page, user);
  await page.waitForURL((url) => url.href.startsWith(APP_URL) && `${url.pathname}${url.search}` === path);
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
    if (r.isNavigationRequest() && r.frame() === page.mainFrame() && r.url().startsWith(EMULATOR_URL)) urls.push(r.url());
  });
  return urls;
}

export async function expectNoHorizontalScroll(page: Page, label: string) {
  const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
  expect(scrollWidth, `${label}: document ${scrollWidth}px wide in a ${innerWidth}px window`).toBeLessThanOrEqual(innerWidth);
}
