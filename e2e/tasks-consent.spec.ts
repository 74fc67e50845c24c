// The migration promise for a permission added after the first consent: Tasks.ReadWrite is not in what
// the user consented to at sign-in. The first time they open Tasks, in whichever mode, OBO answers
// AADSTS65001 and both modes show the same notice with Grant access; ONE consent page lists exactly
// Tasks.ReadWrite; after that the page works, and in the other mode no screen of the IdP appears at all.
// Proved twice (server first, SPA first) from the emulator's event log and from the screens the browser saw.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { BACKEND, onEmulator, resetEmulator, USERS } from "./support/emulator";
import { graphAs, setModes, signInOnServer, urlHistory } from "./support/tasks";

const CONSENT_LINK = "/auth/consent?returnTo=%2Ftasks&scope=https%3A%2F%2Fgraph.microsoft.com%2FTasks.ReadWrite";
const NOTICE = "This page needs your permission to reach this information in Microsoft 365.";

interface LoggedEvent {
  seq: number;
  type: string;
  clientId?: string;
  data?: { items?: Array<{ client: string; resource: string; scope: string }> };
}

async function eventsSince(request: APIRequestContext, since: number): Promise<LoggedEvent[]> {
  const res = await request.get(
    `${EMULATOR_URL}/_admin/events?${new URLSearchParams({ user: USERS.adele, since: String(since) })}`,
  );
  return ((await res.json()) as { events: LoggedEvent[] }).events;
}

async function lastSeq(request: APIRequestContext): Promise<number> {
  const res = await request.get(`${EMULATOR_URL}/_admin/events`);
  return ((await res.json()) as { events: LoggedEvent[] }).events.at(-1)?.seq ?? 0;
}

/** The notice both modes show, its Grant access link, then the one consent page, accepted. */
async function grantFromNotice(page: Page, mode: "server" | "spa") {
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", mode);
  const notice = page.getByTestId("problem");
  await expect(notice).toHaveAttribute("data-code", "ERR_OBO_CONSENT_REQUIRED");
  await expect(notice.locator(".notice-title")).toHaveText(NOTICE);
  // An expected step, not a failure: announced politely, not as an alert.
  await expect(notice).toHaveAttribute("data-tone", "info");
  const grant = page.getByTestId("grant-access");
  await expect(grant).toHaveAttribute("href", CONSENT_LINK);
  await grant.click();
  await onEmulator(page);
  await expect(page.locator("form[data-page=consent]")).toBeVisible();
  expect(
    await page.locator("li[data-scope]").evaluateAll((items) => items.map((i) => i.getAttribute("data-scope"))),
  ).toEqual(["Tasks.ReadWrite"]);
  await page.getByRole("button", { name: "Accept" }).click();
  await page.waitForURL(`${APP_URL}/tasks`);
}

/** The page works in `mode`: the task added through Graph is listed. */
async function pageWorks(page: Page, mode: "server" | "spa", title: string) {
  await expect(page.getByTestId("mode-badge")).toHaveAttribute("data-mode", mode);
  await expect(page.getByTestId("problem")).toHaveCount(0);
  await expect(page.getByTestId("task-title").filter({ hasText: title })).toBeVisible();
}

/** Exactly one consent prompt since `since`: the backend's, for exactly Tasks.ReadWrite; no sign-in page. */
async function expectOneConsent(request: APIRequestContext, since: number) {
  const events = await eventsSince(request, since);
  const prompts = events.filter((e) => e.type === "consent_prompt");
  expect(prompts).toHaveLength(1);
  expect(prompts[0].clientId).toBe(BACKEND);
  expect(prompts[0].data?.items?.map((i) => i.scope)).toEqual(["Tasks.ReadWrite"]);
  expect(events.filter((e) => e.type === "consent_granted")).toHaveLength(1);
  expect(events.filter((e) => e.type === "sign_in")).toHaveLength(0);
}

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("server mode first: one consent page for Tasks.ReadWrite, then SPA mode needs no screen at all", async ({
  page,
  context,
  request,
}) => {
  await signInOnServer(page, context);
  const since = await lastSeq(request);
  const screens = urlHistory(page);
  await (await graphAs(request)).add("Written elsewhere");

  await setModes(context, "tasks=server");
  await page.goto("/tasks");
  await grantFromNotice(page, "server");
  await pageWorks(page, "server", "Written elsewhere");
  const afterConsent = screens.length;

  await setModes(context, "tasks=spa");
  await page.goto("/tasks");
  await pageWorks(page, "spa", "Written elsewhere");

  await expectOneConsent(request, since);
  const idp = screens.filter((u) => u.startsWith(EMULATOR_URL));
  expect(idp, "the only IdP screen is the consent page").toHaveLength(1);
  expect(new URL(idp[0]).searchParams.get("client_id")).toBe(BACKEND);
  expect(
    screens.slice(afterConsent).every((u) => u.startsWith(`${APP_URL}/tasks`)),
    "SPA mode: no screen but the page",
  ).toBe(true);
});

test("SPA mode first: the same notice and one consent page, then server mode needs no screen at all", async ({
  page,
  context,
  request,
}) => {
  await signInOnServer(page, context);
  const since = await lastSeq(request);
  const screens = urlHistory(page);
  await (await graphAs(request)).add("Written elsewhere");

  await setModes(context, "tasks=spa");
  await page.goto("/tasks");
  await grantFromNotice(page, "spa");
  await pageWorks(page, "spa", "Written elsewhere");
  const afterConsent = screens.length;

  await setModes(context, "tasks=server");
  await page.goto("/tasks");
  await pageWorks(page, "server", "Written elsewhere");

  await expectOneConsent(request, since);
  const idp = screens.filter((u) => u.startsWith(EMULATOR_URL));
  expect(idp, "the only IdP screen is the consent page").toHaveLength(1);
  expect(new URL(idp[0]).searchParams.get("client_id")).toBe(BACKEND);
  expect(
    screens.slice(afterConsent).every((u) => u.startsWith(`${APP_URL}/tasks`)),
    "server mode: no screen but the page",
  ).toBe(true);
});
