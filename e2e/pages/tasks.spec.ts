// The Tasks page, in the project's mode (runs once per mode: playwright.config.ts, e2e/support/modes.ts).
// The writes' mode-specific behaviour (form posts without JavaScript, optimistic rows, conflicts, throttling)
// is in e2e/tasks-server.spec.ts and e2e/tasks-spa.spec.ts.
import { resetEmulator, USERS } from "../support/emulator";
import { expect, expectMode, test } from "../support/modes";
import { signIn } from "../support/pages";
import { grantTasks, graphAs } from "../support/tasks";

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
  await grantTasks(request);
});

test("tasks shows the user's To Do tasks from Graph, adds one and marks one completed", async ({
  page,
  request,
  mode,
}) => {
  const graph = await graphAs(request);
  await graph.add("Book the venue");
  await graph.add("Send the agenda");

  await signIn(page, USERS.adele, "/tasks");
  await expectMode(page, mode);
  const titles = page.getByTestId("task-title");
  await expect(titles).toHaveText(["Send the agenda", "Book the venue"]); // newest first, as Graph lists them

  const add = page.getByTestId("add-task-form");
  await add.getByTestId("task-title-input").fill("Print the badges");
  await add.getByTestId("add-task").click();
  await expect(titles).toHaveText(["Print the badges", "Send the agenda", "Book the venue"]);
  await expect(page.locator('[data-testid="task-row"][data-pending]')).toHaveCount(0);
  await expect
    .poll(async () => (await graph.tasks()).map((t) => t.title).sort())
    .toEqual(["Book the venue", "Print the badges", "Send the agenda"]);

  const venue = page.getByTestId("task-row").filter({ hasText: "Book the venue" });
  await venue.getByTestId("toggle-task").click();
  await expect(venue).toHaveAttribute("data-completed", "true");
  await expect
    .poll(async () => (await graph.tasks()).find((t) => t.title === "Book the venue")?.status)
    .toBe("completed");
  await expectMode(page, mode);
});
