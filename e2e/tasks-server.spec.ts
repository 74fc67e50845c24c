// The Tasks page in server mode: forms the way Razor Pages does them. Without JavaScript every action is a
// plain form post answered by a redirect (POST → 303 → GET), and invalid input comes back beside its field
// with what the user typed; with JavaScript the same Server Actions update the page in place. A form sent
// twice creates one task; a task changed elsewhere is not overwritten (412); a throttled write keeps the
// input and retries after Retry-After; a post from another site is refused.
import { expect, test, type Browser, type BrowserContext, type Page, type Request } from "@playwright/test";
import { APP_URL } from "../playwright.config";
import { resetEmulator } from "./support/emulator";
import { failNextWrite, grantTasks, graphAs, setModes, signInOnServer } from "./support/tasks";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
  await grantTasks(request);
});

async function openTasks(
  browser: Browser,
  javaScriptEnabled: boolean,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ javaScriptEnabled, baseURL: APP_URL, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  await signInOnServer(page, context);
  await setModes(context, "tasks=server");
  await page.goto("/tasks");
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "server");
  return { context, page };
}

const row = (page: Page, title: string) =>
  page.getByTestId("task-row").filter({ has: page.getByTestId("task-title").getByText(title, { exact: true }) });

/** Submits with `click` and returns the form post and its response status. */
async function post(page: Page, click: () => Promise<void>): Promise<{ request: Request; status: number }> {
  const sent = page.waitForRequest((r) => r.method() === "POST" && new URL(r.url()).pathname === "/tasks");
  await click();
  const request = await sent;
  return { request, status: (await request.response())!.status() };
}

test.describe("without JavaScript", () => {
  test("add, rename, complete and delete are form posts answered with a redirect; errors come back beside the fields with the input kept", async ({
    browser,
    request,
  }) => {
    const { context, page } = await openTasks(browser, false);
    const add = page.getByTestId("add-task-form");

    // The input's maxlength stops a person at 255; a crafted post is not stopped by it, the server is.
    await add.getByTestId("task-title-input").evaluate((input) => input.removeAttribute("maxlength"));
    await add.getByTestId("task-title-input").fill("x".repeat(300));
    await add.getByTestId("task-due-input").fill("2030-05-01");
    expect((await post(page, () => add.getByTestId("add-task").click())).status).toBe(200);
    await expect(add.getByTestId("title-error")).toHaveText("Keep the title to 255 characters or fewer.");
    await expect(add.getByTestId("task-title-input")).toHaveValue("x".repeat(300));
    await expect(add.getByTestId("task-due-input")).toHaveValue("2030-05-01");

    await add.getByTestId("task-title-input").fill("   ");
    await post(page, () => add.getByTestId("add-task").click());
    await expect(add.getByTestId("title-error")).toHaveText("Enter a title.");
    await expect(add.getByTestId("task-due-input")).toHaveValue("2030-05-01");

    await add.getByTestId("task-title-input").fill("Buy milk");
    const created = await post(page, () => add.getByTestId("add-task").click());
    expect(created.status).toBe(303);
    await expect(row(page, "Buy milk")).toBeVisible();
    await expect(row(page, "Buy milk").getByTestId("task-due")).toHaveText("due 2030-05-01");
    await expect(add.getByTestId("task-title-input")).toHaveValue(""); // a fresh form after the redirect

    // The browser sends the same form again (a resubmission after Back): still one task.
    const replay = await page.request.post(created.request.url(), {
      headers: { "content-type": (await created.request.headerValue("content-type"))!, origin: APP_URL },
      data: created.request.postDataBuffer()!,
      maxRedirects: 0,
    });
    expect(replay.status()).toBe(303);
    expect((await (await graphAs(request)).tasks()).map((t) => t.title)).toEqual(["Buy milk"]);

    await row(page, "Buy milk").getByTestId("rename-task").click();
    await page.getByTestId("edit-task-form").getByTestId("task-title-input").fill("Buy oat milk");
    expect((await post(page, () => page.getByTestId("save-task").click())).status).toBe(303);
    await expect(row(page, "Buy oat milk")).toBeVisible();

    expect((await post(page, () => row(page, "Buy oat milk").getByTestId("toggle-task").click())).status).toBe(303);
    await expect(row(page, "Buy oat milk")).toHaveAttribute("data-completed", "true");

    await row(page, "Buy oat milk").getByTestId("delete-task").click();
    await expect(page.getByTestId("delete-task-form")).toContainText("Delete “Buy oat milk”?");
    expect((await post(page, () => page.getByTestId("confirm-delete").click())).status).toBe(303);
    await expect(page.getByTestId("tasks-empty")).toBeVisible();
    expect(await (await graphAs(request)).tasks()).toEqual([]);
    await context.close();
  });

  test("a task changed elsewhere after the form was rendered: 412, shown as it is now, and mine applied again on request", async ({
    browser,
    request,
  }) => {
    const graph = await graphAs(request);
    const task = await graph.add("Original");
    const { context, page } = await openTasks(browser, false);
    await row(page, "Original").getByTestId("rename-task").click();
    await graph.rename(task.id, "Theirs"); // between the render and the submit

    const edit = page.getByTestId("edit-task-form");
    await edit.getByTestId("task-title-input").fill("Mine");
    expect((await post(page, () => page.getByTestId("save-task").click())).status).toBe(200);
    await expect(edit.getByTestId("conflict")).toContainText("This task changed since you opened it.");
    await expect(edit.getByTestId("conflict-title")).toHaveText("Theirs");
    await expect(edit.getByTestId("task-title-input")).toHaveValue("Mine");
    expect((await graph.tasks()).map((t) => t.title)).toEqual(["Theirs"]);

    expect((await post(page, () => page.getByTestId("apply-again").click())).status).toBe(303);
    await expect(row(page, "Mine")).toBeVisible();
    expect((await graph.tasks()).map((t) => t.title)).toEqual(["Mine"]);
    await context.close();
  });

  test("Graph throttles the write: nothing saved, the input kept, and when to try again", async ({
    browser,
    request,
  }) => {
    const { context, page } = await openTasks(browser, false);
    await failNextWrite(request, 429, 7);
    const add = page.getByTestId("add-task-form");
    await add.getByTestId("task-title-input").fill("Later");
    expect((await post(page, () => add.getByTestId("add-task").click())).status).toBe(200);
    await expect(add.getByTestId("retry-notice")).toContainText(
      "Microsoft Graph is busy right now. Nothing was saved yet; your input is kept. Try again in 7 seconds.",
    );
    await expect(add.getByTestId("task-title-input")).toHaveValue("Later");
    expect(await (await graphAs(request)).tasks()).toEqual([]);

    expect((await post(page, () => add.getByTestId("add-task").click())).status).toBe(303);
    await expect(row(page, "Later")).toBeVisible();
    expect((await (await graphAs(request)).tasks()).map((t) => t.title)).toEqual(["Later"]);
    await context.close();
  });
});

test.describe("with JavaScript", () => {
  test("updates in place without a full reload; errors beside the field; a double click creates one task", async ({
    browser,
    request,
  }) => {
    const { context, page } = await openTasks(browser, true);
    await page.evaluate(() => ((window as unknown as { stillHere: boolean }).stillHere = true));
    const add = page.getByTestId("add-task-form");

    await add.getByTestId("task-title-input").fill("   ");
    await add.getByTestId("add-task").click();
    await expect(add.getByTestId("title-error")).toHaveText("Enter a title.");

    await add.getByTestId("task-title-input").fill("Twice clicked");
    await add.getByTestId("add-task").dblclick();
    await expect(row(page, "Twice clicked")).toBeVisible();
    await expect(add.getByTestId("title-error")).toHaveCount(0);
    await row(page, "Twice clicked").getByTestId("toggle-task").click();
    await expect(row(page, "Twice clicked")).toHaveAttribute("data-completed", "true");

    expect(await page.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
    expect((await (await graphAs(request)).tasks()).map((t) => [t.title, t.status])).toEqual([
      ["Twice clicked", "completed"],
    ]);
    await context.close();
  });

  test("Graph throttles the write: a countdown, the input kept, then the same write once by itself", async ({
    browser,
    request,
  }) => {
    const { context, page } = await openTasks(browser, true);
    await failNextWrite(request, 429, 2);
    const add = page.getByTestId("add-task-form");
    await add.getByTestId("task-title-input").fill("Retried");
    await add.getByTestId("add-task").click();
    await expect(add.getByTestId("retry-notice")).toContainText(/Trying again in [12] s\./);
    await expect(add.getByTestId("task-title-input")).toHaveValue("Retried");
    await expect(row(page, "Retried")).toBeVisible({ timeout: 10_000 });
    await expect(add.getByTestId("retry-notice")).toHaveCount(0);
    expect((await (await graphAs(request)).tasks()).map((t) => t.title)).toEqual(["Retried"]);
    await context.close();
  });

  test("a completed toggle that lost the race (412) offers the change again on top of the current task", async ({
    browser,
    request,
  }) => {
    const graph = await graphAs(request);
    const task = await graph.add("Shared");
    const { context, page } = await openTasks(browser, true);
    await graph.rename(task.id, "Shared, renamed elsewhere");
    await row(page, "Shared").getByTestId("toggle-task").click();
    const conflict = row(page, "Shared").getByTestId("conflict");
    await expect(conflict).toContainText("This task changed since you opened it.");
    await expect(conflict.getByTestId("conflict-title")).toHaveText("Shared, renamed elsewhere");
    await conflict.getByTestId("apply-again").click();
    await expect(row(page, "Shared, renamed elsewhere")).toHaveAttribute("data-completed", "true");
    expect((await graph.tasks()).map((t) => [t.title, t.status])).toEqual([["Shared, renamed elsewhere", "completed"]]);
    await context.close();
  });
});

test("a form posted from another site is refused with 403 and changes nothing", async ({ browser, request }) => {
  const { context, page } = await openTasks(browser, true);
  const form = page.getByTestId("add-task-form");
  await form.getByTestId("task-title-input").fill("Forged");
  // The real form's fields (action id, list, idempotency key) in a page of another origin that posts them.
  const fields = await form.evaluate((f) => [...new FormData(f as HTMLFormElement)].map(([k, v]) => [k, String(v)]));
  const inputs = fields
    .map(([k, v]) => `<input type="hidden" name="${k.replace(/"/g, "&quot;")}" value="${v.replace(/"/g, "&quot;")}">`)
    .join("");
  await page.route("http://evil.example/**", (route) =>
    route.fulfill({
      contentType: "text/html",
      body: `<form id="f" method="post" enctype="multipart/form-data" action="${page.url()}">${inputs}</form><script>f.submit()</script>`,
    }),
  );
  const refused = page.waitForResponse(
    (r) => r.request().method() === "POST" && r.url().startsWith(`${APP_URL}/tasks`),
  );
  await page.goto("http://evil.example/");
  expect((await refused).status()).toBe(403);
  await expect(page.locator("body")).toHaveText("Cross-site form posts are refused.");

  const direct = await request.post(`${APP_URL}/tasks`, {
    headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
    data: "title=Forged",
    maxRedirects: 0,
  });
  expect(direct.status()).toBe(403);
  expect(await (await graphAs(request)).tasks()).toEqual([]);
  await context.close();
});
