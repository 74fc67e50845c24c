// B5: writing a task on a warm cache, in each mode, in Debian's Chromium (Playwright, no test runner).
// Both are measured by the browser itself, so the test driver's own round trips are not counted:
// server mode, JavaScript off: "Add task" → form post → 303 → the page again, read from the Navigation Timing
// entry of the page the 303 leads to (its start is the form's submission, loadEventEnd its load; the POST
// and the redirect are inside it). The driver-inclusive time (click to load, as Playwright sees it) is kept
// beside it. SPA mode: from the form's submit event to the new row in the DOM (the optimistic insert),
// with performance.now() and a MutationObserver.
import { chromium, type BrowserContext, type Page } from "@playwright/test";
import { percentiles, type Stats } from "./stats.ts";

export interface B5Result {
  serverRoundTripMs: Stats;
  serverRoundTripWithDriverMs: Stats;
  optimisticInsertMs: Stats;
}

const ROUNDS = 12;
const WARM_UP = 2;

async function signIn(page: Page, appUrl: string, upn: string): Promise<void> {
  await page.goto(`${appUrl}/auth/signin?returnTo=%2Fprofile`);
  await page.fill("input[name=username]", upn);
  await page.fill("input[name=password]", "Passw0rd!");
  await page.click("button[type=submit]");
  const accept = page.locator("button[name=accept]");
  await Promise.race([
    page.waitForURL(`${appUrl}/**`, { waitUntil: "commit" }),
    accept.waitFor().then(() => accept.click()),
  ]).catch(() => {});
  await page.waitForURL(`${appUrl}/**`, { waitUntil: "commit" });
}

/** The page's own navigation, from the form's submission (its time origin) to the end of its load event. */
const NAVIGATION_MS = `(() => { const n = performance.getEntriesByType("navigation")[0]; return n.redirectCount === 1 ? n.loadEventEnd : -1; })()`;

async function serverRounds(
  context: BrowserContext,
  appUrl: string,
): Promise<{ inPage: number[]; withDriver: number[] }> {
  const page = await context.newPage();
  await page.goto(`${appUrl}/tasks`);
  const inPage: number[] = [];
  const withDriver: number[] = [];
  for (let i = 0; i < ROUNDS + WARM_UP; i++) {
    await page.fill("[data-testid=add-task-form] [data-testid=task-title-input]", `server task ${i}`);
    const started = performance.now();
    await Promise.all([page.waitForEvent("load"), page.click("[data-testid=add-task]")]);
    await page.getByText(`server task ${i}`, { exact: true }).waitFor();
    const driver = performance.now() - started;
    const navigation = (await page.evaluate(NAVIGATION_MS)) as number;
    if (navigation < 0) throw new Error("B5: the add did not come back through one redirect (POST → 303 → GET)");
    if (i >= WARM_UP) {
      inPage.push(navigation);
      withDriver.push(driver);
    }
  }
  await page.close();
  return { inPage, withDriver };
}

/** In the page: ms from the add form's submit event to a row with `title` in the DOM (window.b5Insert). */
const MEASURE_INSERT = `(title) => { window.b5Insert = new Promise((resolve) => {
  let submittedAt = 0;
  document.querySelector("[data-testid=add-task-form]").addEventListener("submit", () => { submittedAt = performance.now(); }, { capture: true, once: true });
  const observer = new MutationObserver(() => {
    if (!submittedAt || ![...document.querySelectorAll("[data-testid=task-title]")].some((e) => e.textContent === title)) return;
    observer.disconnect();
    resolve(performance.now() - submittedAt);
  });
  observer.observe(document.querySelector("main"), { childList: true, subtree: true, characterData: true });
}); }`;

async function spaRounds(context: BrowserContext, appUrl: string): Promise<number[]> {
  const page = await context.newPage();
  await page.goto(`${appUrl}/tasks`);
  await page.waitForSelector("[data-testid=task-rows], [data-testid=tasks-empty]");
  const times: number[] = [];
  for (let i = 0; i < ROUNDS + WARM_UP; i++) {
    const title = `spa task ${i}`;
    await page.fill("[data-testid=add-task-form] [data-testid=task-title-input]", title);
    // A string, not a function: tsx would wrap a function's inner functions in a helper the page lacks.
    await page.evaluate(`(${MEASURE_INSERT})(${JSON.stringify(title)})`);
    await page.click("[data-testid=add-task]");
    const ms = (await page.evaluate("window.b5Insert")) as number;
    await page.waitForSelector(`[data-testid=task-row]:not([data-pending]) >> text="${title}"`);
    if (i >= WARM_UP) times.push(ms);
  }
  await page.close();
  return times;
}

/** Grants `upn` Tasks.ReadWrite for the backend (as the user's Grant access would), then measures. */
export async function runB5(opts: {
  appUrl: string;
  emulatorUrl: string;
  backendAppId: string;
  upn: string;
}): Promise<B5Result> {
  const grant = {
    clientAppId: opts.backendAppId,
    resourceAppId: "00000003-0000-0000-c000-000000000000",
    consentType: "Principal",
    principal: opts.upn,
    scope: "Tasks.ReadWrite",
  };
  await fetch(`${opts.emulatorUrl}/_admin/grants`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(grant),
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
  });
  try {
    const signedIn = await browser.newContext({ ignoreHTTPSErrors: true });
    await signIn(await signedIn.newPage(), opts.appUrl, opts.upn);
    const cookies = await signedIn.cookies();
    const mode = (value: string) => ({ name: "page-mode", value, url: opts.appUrl });

    const noJs = await browser.newContext({ ignoreHTTPSErrors: true, javaScriptEnabled: false });
    await noJs.addCookies([...cookies, mode("tasks=server")]);
    const server = await serverRounds(noJs, opts.appUrl);

    await signedIn.addCookies([mode("tasks=spa")]);
    const spa = await spaRounds(signedIn, opts.appUrl);
    return {
      serverRoundTripMs: percentiles(server.inPage),
      serverRoundTripWithDriverMs: percentiles(server.withDriver),
      optimisticInsertMs: percentiles(spa),
    };
  } finally {
    await browser.close();
  }
}
