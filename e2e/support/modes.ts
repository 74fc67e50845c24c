// Both modes in every page spec: playwright.config.ts runs e2e/pages/ once per mode (projects `server`
// and `spa`), and this fixture puts the browser in the project's mode (the override cookie, `*=<mode>`)
// before each test. A page spec imports `test` from here and reads `mode` when an assertion needs it.
import { expect, test as base, type Page } from "@playwright/test";
import { APP_URL } from "../../playwright.config";

export type Mode = "server" | "spa";

export interface ModeOptions {
  /** The project's page mode; undefined in projects whose specs choose modes themselves. */
  mode: Mode | undefined;
}

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

/** The badge under the page title says which mode rendered the page. */
export async function expectMode(page: Page, mode: Mode | undefined) {
  if (!mode) throw new Error("this spec runs in the server and spa projects only (e2e/pages/)");
  const badge = page.getByTestId("mode-badge");
  await expect(badge).toHaveAttribute("data-mode", mode);
  await expect(badge).toContainText(mode === "spa" ? "SPA mode" : "server mode");
}
