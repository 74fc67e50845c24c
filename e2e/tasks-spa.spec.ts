// The Tasks page in SPA mode: the same /api/tasks routes with this tab's bearer token, SWR mutations with
// optimistic updates. A new task shows before the server answers and disappears with a notice when the
// write fails (the input kept, retried after Graph's Retry-After); changes carry If-Match, so a task
// changed elsewhere is shown as it is now rather than overwritten.
import { expect, test, type BrowserContext, type Page, type Route } from "@playwright/test";
import { resetEmulator } from "./support/emulator";
import { failNextWrite, grantTasks, graphAs, setModes, signInOnServer } from "./support/tasks";

const CREATE = /\/api\/tasks\/lists\/[^/]+\/tasks$/;

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
  await grantTasks(request);
});

async function openSpaTasks(page: Page, context: BrowserContext) {
  await signInOnServer(page, context);
  await setModes(context, "tasks=spa");
  await page.goto("/tasks");
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", "spa");
  await expect(page.getByTestId("add-task-form")).toBeVisible();
}

const row = (page: Page, title: string) =>
  page.getByTestId("task-row").filter({ has: page.getByTestId("task-title").getByText(title, { exact: true }) });

/** Holds the next task creation in the browser until `release()`: the optimistic row must show meanwhile. */
async function holdNextCreate(page: Page) {
  let held: (route: Route) => void = () => {};
  const caught = new Promise<Route>((resolve) => (held = resolve));
  await page.route(CREATE, (route) => (route.request().method() === "POST" ? held(route) : route.fallback()), {
    times: 1,
  });
  return { caught, release: async () => (await caught).continue() };
}

test("a new task shows before the server answers, sent with the bearer token and an idempotency key", async ({
  page,
  context,
  request,
}) => {
  await openSpaTasks(page, context);
  const hold = await holdNextCreate(page);
  const add = page.getByTestId("add-task-form");
  await add.getByTestId("task-title-input").fill("Optimistic");
  await add.getByTestId("task-due-input").fill("2030-05-01");
  await add.getByTestId("add-task").click();

  const sent = (await hold.caught).request();
  await expect(row(page, "Optimistic")).toHaveAttribute("data-pending", "true");
  expect(await sent.headerValue("authorization")).toMatch(/^Bearer ey/);
  expect(await sent.headerValue("idempotency-key")).toMatch(/^[0-9a-f-]{36}$/);
  expect(sent.postDataJSON()).toEqual({ title: "Optimistic", dueDate: "2030-05-01" });
  expect(await (await graphAs(request)).tasks()).toEqual([]); // nothing at Graph yet: the row is the browser's

  await hold.release();
  await expect(row(page, "Optimistic")).not.toHaveAttribute("data-pending", "true");
  await expect(row(page, "Optimistic").getByTestId("task-due")).toHaveText("due 2030-05-01");
  await expect(add.getByTestId("task-title-input")).toHaveValue("");
  expect((await (await graphAs(request)).tasks()).map((t) => t.title)).toEqual(["Optimistic"]);
});

test("a throttled add disappears with a notice, keeps the input, and is added once after Retry-After", async ({
  page,
  context,
  request,
}) => {
  await openSpaTasks(page, context);
  await failNextWrite(request, 429, 2);
  const hold = await holdNextCreate(page);
  const add = page.getByTestId("add-task-form");
  await add.getByTestId("task-title-input").fill("Flaky");
  await add.getByTestId("add-task").click();
  await expect(row(page, "Flaky")).toBeVisible(); // optimistic
  await hold.release(); // … and Graph answers 429

  await expect(add.getByTestId("write-notice")).toHaveText("“Flaky” was not added.");
  await expect(row(page, "Flaky")).toHaveCount(0);
  await expect(add.getByTestId("retry-notice")).toContainText(/Trying again in [12] s\./);
  await expect(add.getByTestId("task-title-input")).toHaveValue("Flaky");
  await expect(row(page, "Flaky")).toBeVisible({ timeout: 10_000 });
  await expect(add.getByTestId("write-notice")).toHaveCount(0);
  expect((await (await graphAs(request)).tasks()).map((t) => t.title)).toEqual(["Flaky"]);
});

test("invalid input is refused beside the field before any row or request", async ({ page, context }) => {
  await openSpaTasks(page, context);
  let posts = 0;
  page.on("request", (r) => void (r.method() === "POST" && CREATE.test(r.url()) && posts++));
  const add = page.getByTestId("add-task-form");
  await add.getByTestId("task-title-input").fill("   ");
  await add.getByTestId("add-task").click();
  await expect(add.getByTestId("title-error")).toHaveText("Enter a title.");
  await add.getByTestId("task-title-input").evaluate((input) => input.removeAttribute("maxlength"));
  await add.getByTestId("task-title-input").fill("x".repeat(256));
  await add.getByTestId("add-task").click();
  await expect(add.getByTestId("title-error")).toHaveText("Keep the title to 255 characters or fewer.");
  await expect(add.getByTestId("task-title-input")).toHaveValue("x".repeat(256));
  await expect(page.getByTestId("task-row")).toHaveCount(0);
  expect(posts).toBe(0);
});

test("a rename that lost the race (412) shows the task as it is now and applies mine again on request", async ({
  page,
  context,
  request,
}) => {
  const graph = await graphAs(request);
  const task = await graph.add("Original");
  await openSpaTasks(page, context);
  await row(page, "Original").getByTestId("rename-task").click();
  await graph.rename(task.id, "Theirs");

  const edit = page.getByTestId("edit-task-form");
  await edit.getByTestId("task-title-input").fill("Mine");
  await edit.getByTestId("save-task").click();
  await expect(edit.getByTestId("conflict")).toContainText("This task changed since you opened it.");
  await expect(edit.getByTestId("conflict-title")).toHaveText("Theirs");
  await expect(edit.getByTestId("task-title-input")).toHaveValue("Mine");
  expect((await graph.tasks()).map((t) => t.title)).toEqual(["Theirs"]);

  await edit.getByTestId("apply-again").click();
  await expect(row(page, "Mine")).toBeVisible();
  await expect(page.getByTestId("edit-task-form")).toHaveCount(0);
  expect((await graph.tasks()).map((t) => t.title)).toEqual(["Mine"]);
});

test("complete and delete (after a confirmation) through the API", async ({ page, context, request }) => {
  const graph = await graphAs(request);
  await graph.add("Chore");
  await openSpaTasks(page, context);
  await row(page, "Chore").getByTestId("toggle-task").click();
  await expect(row(page, "Chore")).toHaveAttribute("data-completed", "true");
  await expect.poll(async () => (await graph.tasks()).map((t) => t.status)).toEqual(["completed"]);

  await row(page, "Chore").getByTestId("delete-task").click();
  await expect(page.getByTestId("delete-task-form")).toContainText("Delete “Chore”?");
  await page.getByTestId("confirm-delete").click();
  await expect(page.getByTestId("tasks-empty")).toBeVisible();
  await expect.poll(async () => (await graph.tasks()).length).toBe(0);
});
