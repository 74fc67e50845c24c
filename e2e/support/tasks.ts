// Shared by the Tasks specs: flip page modes, sign in on the server, grant Tasks.ReadWrite out of band,
// act on To Do through Graph as "another app" of the user's, and force Graph faults on writes.
import { expect, type APIRequestContext, type BrowserContext, type Page } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../../playwright.config";
import { BACKEND, FRONTEND, signInAtEmulator, USERS } from "./emulator";

const GRAPH_APP = "00000003-0000-0000-c000-000000000000";

export async function setModes(context: BrowserContext, value: string) {
  await context.addCookies([{ name: "page-mode", value, url: APP_URL }]);
}

/** Signs in through a server-mode page (the frontend's first consent included), the way a user starts. */
export async function signInOnServer(page: Page, context: BrowserContext, user: string = USERS.adele) {
  await setModes(context, "*=server");
  await page.goto("/profile");
  await signInAtEmulator(page, user);
  await page.waitForURL(/\/profile$/);
  // Attached, not visible: /profile streams its card, which stays hidden in a browser without JavaScript.
  await expect(page.getByTestId("profile-name")).toBeAttached();
}

/** What the user's own "Grant access" would record: Tasks.ReadWrite for the backend (tests that are not about consent). */
export async function grantTasks(request: APIRequestContext, user: string = USERS.adele) {
  const res = await request.post(`${EMULATOR_URL}/_admin/grants`, {
    data: {
      clientAppId: BACKEND,
      resourceAppId: GRAPH_APP,
      consentType: "Principal",
      principal: user,
      scope: "Tasks.ReadWrite",
    },
  });
  expect(res.ok()).toBeTruthy();
}

/** Graph as the user through another app of theirs (a token the emulator mints out of band). */
export async function graphAs(request: APIRequestContext, user: string = USERS.adele) {
  const res = await request.post(`${EMULATOR_URL}/_admin/graph-token`, {
    data: { user, clientAppId: FRONTEND, scope: "Tasks.ReadWrite" },
  });
  expect(res.ok()).toBeTruthy();
  const { token } = (await res.json()) as { token: string };
  const call = async (path: string, method = "GET", body?: unknown) => {
    const r = await request.fetch(`${EMULATOR_URL}/graph/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${token}` },
      ...(body === undefined ? {} : { data: body }),
    });
    expect(r.ok(), `${method} ${path}: ${r.status()}`).toBeTruthy();
    return r.status() === 204 ? undefined : ((await r.json()) as Record<string, any>);
  };
  const listId = async () =>
    ((await call("/me/todo/lists"))!.value as Array<{ id: string; wellknownListName: string }>).find(
      (l) => l.wellknownListName === "defaultList",
    )!.id;
  return {
    listId,
    tasks: async () =>
      (await call(`/me/todo/lists/${await listId()}/tasks`))!.value as Array<{
        id: string;
        title: string;
        status: string;
      }>,
    add: async (title: string) =>
      (await call(`/me/todo/lists/${await listId()}/tasks`, "POST", { title }))! as { id: string },
    rename: async (taskId: string, title: string) =>
      call(`/me/todo/lists/${await listId()}/tasks/${taskId}`, "PATCH", { title }),
  };
}

/** Answer the next Graph write(s) under /me/todo with 429 or 503 and Retry-After. */
export async function failNextWrite(
  request: APIRequestContext,
  status: 429 | 503,
  retryAfterSeconds: number,
  count = 1,
) {
  const res = await request.post(`${EMULATOR_URL}/_admin/faults`, {
    data: { target: "graph", status, retryAfterSeconds, match: "/v1.0/me/todo", method: "write", count },
  });
  expect(res.ok()).toBeTruthy();
}

/** Every main-frame URL the page visits from now on. */
export function urlHistory(page: Page): string[] {
  const urls: string[] = [];
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) urls.push(frame.url());
  });
  return urls;
}
