import { defineConfig } from "@playwright/test";

// e2e runs against the production build (`next build` first) plus the emulator, on ports of their own
// so a running `npm run dev` does not interfere. The app is started as `npm start` starts it (the wrapper
// derives AUTH_URL and the emulator's EMULATOR_APP_URL from its port), plus the admin hooks the specs use.
export const APP_URL = process.env.E2E_APP_URL ?? "http://localhost:3100";
export const EMULATOR_URL = `https://localhost:${process.env.E2E_EMULATOR_PORT ?? 8444}`;
/** The app's log (pino JSON lines), for specs that match a page's correlation id with the server's. */
export const APP_LOG = ".test-reports/app.log";

/** The page-mode fixture's option (e2e/support/modes.ts): the project's mode; undefined where specs choose. */
export interface ModeOptions {
  mode: "server" | "spa" | undefined;
}

export default defineConfig<ModeOptions>({
  testDir: "e2e",
  timeout: 60_000,
  // A shared 2-core machine can take seconds per page under load; assertions wait up to 10 s.
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  reporter: [["list"], ["json", { outputFile: ".test-reports/e2e.json" }]],
  use: {
    baseURL: APP_URL,
    ignoreHTTPSErrors: true,
    trace: process.env.CI ? "retain-on-failure" : "off",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--no-first-run",
        "--disable-sync",
        "--disable-quic",
      ],
    },
  },
  // Each spec runs in exactly one project. Page specs (e2e/pages/) run once per mode: the fixture in
  // e2e/support/modes.ts puts the browser in the project's mode. Journeys (every other spec) cross modes
  // or are about one mode and say so; they run once, at desktop width. The phone project runs the specs
  // that walk every page at 360 px (*.phone.spec.ts), in both modes themselves.
  projects: [
    { name: "server", testMatch: "pages/**/*.spec.ts", use: { mode: "server" } },
    { name: "spa", testMatch: "pages/**/*.spec.ts", use: { mode: "spa" } },
    { name: "journeys", testIgnore: ["pages/**", /\.phone\.spec\.ts$/] },
    {
      name: "phone",
      testMatch: /\.phone\.spec\.ts$/,
      use: { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true },
    },
  ],
  webServer: {
    command: `node scripts/with-emulator.mjs next start -p ${new URL(APP_URL).port || 80}`,
    url: `${APP_URL}/`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      EMULATOR_PORT: process.env.E2E_EMULATOR_PORT ?? "8444",
      EMULATOR_STATE_DIR: ".emulator-test",
      EMULATOR_ADMIN: "1",
      LOG_LEVEL: "warn",
      LOG_FILE: APP_LOG,
      // The page-mode override cookie (off by default in production builds): specs flip pages with it.
      FLAG_OVERRIDE_COOKIE: "on",
      // Shared with e2e/multi-instance.spec.ts's second instance: sessions and the OBO cache in one Redis.
      ...(process.env.REDIS_TEST_URL ? { REDIS_URL: process.env.REDIS_TEST_URL } : {}),
    },
  },
});
