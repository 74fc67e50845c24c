// Both modes in every page spec: playwright.config.ts runs e2e/pages/ once per mode (projects `server`
// and `spa`), and this fixture puts the browser in the project's mode (the override cookie, `*=<mode>`)
// before each test. A page spec imports `test` from here and reads `mode` when an assertion needs it.
import { expect, test as base, type Page } from "@playwright/test";
import { APP_URL, type ModeOptions } from "../../playwright.config";
import type { Mode } from "./pages";

export type { Mode };

export type { ModeOptions };

export const test = base.extend<ModeOptions & { modeCookie: void }>({
  mode: [undefined, { option: true }],
  modeCookie: [
    async ({ context, mode }, use) => {
      if (mode) await context.addCookies([{ name: "page-mode", value: `*=${mode}`, url: APP_URL }]);
      await use();
    },
    { auto: true },
  ],
});

export { expect };

/** Which mode rendered the page; where the override cookie is off (`devControls` false), users see no mode text. */
export async function expectMode(page: Page, mode: Mode | undefined, devControls = true) {
  if (!mode) throw new Error("this spec runs in the server and spa projects only (e2e/pages/)");
  const badge = page.getByTestId("mode-badge");
  await expect(badge).toHaveAttribute("data-mode", mode);
  if (devControls) await expect(badge).toContainText(mode === "spa" ? "SPA mode" : "server mode");
  else {
    await expect(badge).toBeHidden();
    await expect(page.locator("main")).not.toContainText(/SPA mode|server mode/);
  }
}
