// The Microsoft To Do subset of Graph over real HTTPS: lists, tasks, ETags and If-Match, permissions,
// bad input, and the write-only fault hooks.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../context.ts";
import { appClaims, delegatedClaims, mintGraphTokenForTest } from "./graph-token.ts";
import { IDS, startTestEmulator } from "./harness.ts";

let emulator: Awaited<ReturnType<typeof startTestEmulator>>;
let ctx: EmulatorContext;

const ADELE = "adele@contoso.onmicrosoft.com";
const ALEX = "alex@contoso.onmicrosoft.com";

beforeAll(async () => {
  emulator = await startTestEmulator();
  ctx = emulator.ctx;
});
afterAll(() => emulator.close());
beforeEach(async () => {
  await fetch(`${emulator.url}/_admin/reset`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
});

const token = (upn: string, scp = "Tasks.ReadWrite User.Read") =>
  mintGraphTokenForTest(ctx, delegatedClaims(ctx, upn, scp));

interface Init {
  method?: string;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

async function call(path: string, bearer: string, init: Init = {}) {
  const headers: Record<string, string> = { Authorization: `Bearer ${bearer}`, ...init.headers };
  if (init.body !== undefined && !headers["Content-Type"]) headers["Content-Type"] = "application/json";
  const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  return fetch(`${emulator.url}/graph/v1.0${path}`, { method: init.method ?? "GET", headers, body });
}

async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string; innerError: Record<string, string> } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  expect(body.error.innerError["request-id"]).toBe(res.headers.get("request-id"));
  return body.error;
}

async function defaultList(bearer: string): Promise<string> {
  const res = await call("/me/todo/lists", bearer);
  const body = (await res.json()) as { value: Array<{ id: string; wellknownListName: string }> };
  return body.value.find((l) => l.wellknownListName === "defaultList")!.id;
}

async function addTask(bearer: string, listId: string, body: Record<string, unknown> = { title: "Buy milk" }) {
  const res = await call(`/me/todo/lists/${listId}/tasks`, bearer, { method: "POST", body });
  expect(res.status).toBe(201);
  return (await res.json()) as Record<string, any>;
}

describe("lists", () => {
  it("every user has a default Tasks list, in Graph's todoTaskList shape", async () => {
    const res = await call("/me/todo/lists", await token(ADELE));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, any>;
    expect(body["@odata.context"]).toBe(
      `${emulator.url}/graph/v1.0/$metadata#users('${ctx.config.users.find((u) => u.userPrincipalName === ADELE)!.oid}')/todo/lists`,
    );
    expect(body.value).toEqual([
      {
        "@odata.etag": expect.stringMatching(/^W\/".+"$/),
        displayName: "Tasks",
        isOwner: true,
        isShared: false,
        wellknownListName: "defaultList",
        id: expect.stringMatching(/^AAMkAG[\w=-]+$/),
      },
    ]);
  });

  it("creates a list (201) and lists it after the default one", async () => {
    const bearer = await token(ADELE);
    const res = await call("/me/todo/lists", bearer, { method: "POST", body: { displayName: "Groceries" } });
    expect(res.status).toBe(201);
    const lists = ((await (await call("/me/todo/lists", bearer)).json()) as { value: Array<{ displayName: string }> })
      .value;
    expect(lists.map((l) => l.displayName)).toEqual(["Tasks", "Groceries"]);
  });

  it("answers 404 ErrorItemNotFound for another user's list, and 400 for a malformed id", async () => {
    const alexList = await defaultList(await token(ALEX));
    const adele = await token(ADELE);
    await expectError(await call(`/me/todo/lists/${alexList}/tasks`, adele), 404, "ErrorItemNotFound");
    await expectError(
      await call(`/me/todo/lists/${alexList}/tasks`, adele, { method: "POST", body: { title: "x" } }),
      404,
      "ErrorItemNotFound",
    );
    await expectError(await call("/me/todo/lists/AAMkAGnotthere/tasks", adele), 404, "ErrorItemNotFound");
    await expectError(await call("/me/todo/lists/bad%20id!/tasks", adele), 400, "ErrorInvalidIdMalformed");
  });
});

describe("tasks", () => {
  it("creates a task in the todoTask shape with an ETag, and lists and gets it", async () => {
    const bearer = await token(ADELE);
    const listId = await defaultList(bearer);
    const task = await addTask(bearer, listId, {
      title: "Buy milk",
      dueDateTime: { dateTime: "2030-05-01T00:00:00.0000000", timeZone: "UTC" },
    });
    expect(task).toMatchObject({
      "@odata.etag": expect.stringMatching(/^W\/".+"$/),
      importance: "normal",
      isReminderOn: false,
      status: "notStarted",
      title: "Buy milk",
      createdDateTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z$/),
      lastModifiedDateTime: expect.any(String),
      id: expect.stringMatching(/^AAMkAG/),
      body: { content: "", contentType: "text" },
      dueDateTime: { dateTime: "2030-05-01T00:00:00.0000000", timeZone: "UTC" },
    });
    const list = (await (await call(`/me/todo/lists/${listId}/tasks`, bearer)).json()) as { value: unknown[] };
    expect(list.value).toEqual([expect.objectContaining({ id: task.id, title: "Buy milk" })]);
    const got = await call(`/me/todo/lists/${listId}/tasks/${task.id}`, bearer);
    expect(got.headers.get("etag")).toBe(task["@odata.etag"]);
    expect(await got.json()).toMatchObject({ id: task.id, "@odata.etag": task["@odata.etag"] });
  });

  it("changes the ETag on every write; If-Match with the current one succeeds, an old one gets 412", async () => {
    const bearer = await token(ADELE);
    const listId = await defaultList(bearer);
    const task = await addTask(bearer, listId);
    const path = `/me/todo/lists/${listId}/tasks/${task.id}`;
    const renamed = await call(path, bearer, {
      method: "PATCH",
      body: { title: "Buy oat milk" },
      headers: { "If-Match": task["@odata.etag"] },
    });
    expect(renamed.status).toBe(200);
    const after = (await renamed.json()) as Record<string, any>;
    expect(after.title).toBe("Buy oat milk");
    expect(after["@odata.etag"]).not.toBe(task["@odata.etag"]);

    const stale = await call(path, bearer, {
      method: "PATCH",
      body: { status: "completed" },
      headers: { "If-Match": task["@odata.etag"] },
    });
    await expectError(stale, 412, "ErrorIrresolvableConflict");
    expect(((await (await call(path, bearer)).json()) as Record<string, any>).status).toBe("notStarted");
    await expectError(
      await call(path, bearer, { method: "DELETE", headers: { "If-Match": task["@odata.etag"] } }),
      412,
      "ErrorIrresolvableConflict",
    );
  });

  it("marks completed (completedDateTime set) and back, and clears the due date with null", async () => {
    const bearer = await token(ADELE);
    const listId = await defaultList(bearer);
    const task = await addTask(bearer, listId, {
      title: "t",
      dueDateTime: { dateTime: "2030-01-01T00:00:00", timeZone: "UTC" },
    });
    const path = `/me/todo/lists/${listId}/tasks/${task.id}`;
    const done = (await (
      await call(path, bearer, { method: "PATCH", body: { status: "completed" } })
    ).json()) as Record<string, any>;
    expect(done.status).toBe("completed");
    expect(done.completedDateTime).toEqual({ dateTime: expect.any(String), timeZone: "UTC" });
    const undone = (await (
      await call(path, bearer, { method: "PATCH", body: { status: "notStarted", dueDateTime: null } })
    ).json()) as Record<string, any>;
    expect(undone.status).toBe("notStarted");
    expect(undone).not.toHaveProperty("completedDateTime");
    expect(undone).not.toHaveProperty("dueDateTime");
  });

  it("deletes with 204 and an empty body; the task is then 404", async () => {
    const bearer = await token(ADELE);
    const listId = await defaultList(bearer);
    const task = await addTask(bearer, listId);
    const path = `/me/todo/lists/${listId}/tasks/${task.id}`;
    const res = await call(path, bearer, { method: "DELETE" });
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectError(await call(path, bearer), 404, "ErrorItemNotFound");
  });

  it.each([
    ["malformed JSON", { raw: "{not json", headers: { "Content-Type": "application/json" } }, "BadRequest"],
    ["no JSON content type", { raw: '{"title":"x"}', headers: { "Content-Type": "text/plain" } }, "BadRequest"],
    ["a JSON array", { body: [] }, "BadRequest"],
    ["an unknown property", { body: { title: "x", colour: "red" } }, "RequestBodyRead"],
    ["a bad status", { body: { title: "x", status: "done" } }, "RequestBodyRead"],
    ["a non-string title", { body: { title: 42 } }, "RequestBodyRead"],
    ["a bad dueDateTime", { body: { title: "x", dueDateTime: "tomorrow" } }, "RequestBodyRead"],
  ])("refuses %s with 400", async (_name, init, code) => {
    const bearer = await token(ADELE);
    const listId = await defaultList(bearer);
    await expectError(await call(`/me/todo/lists/${listId}/tasks`, bearer, { method: "POST", ...init }), 400, code);
  });
});

describe("permissions", () => {
  it("Tasks.Read reads but cannot write (403 ErrorAccessDenied)", async () => {
    const readOnly = await token(ADELE, "Tasks.Read");
    const listId = await defaultList(readOnly);
    expect((await call(`/me/todo/lists/${listId}/tasks`, readOnly)).status).toBe(200);
    await expectError(
      await call(`/me/todo/lists/${listId}/tasks`, readOnly, { method: "POST", body: { title: "x" } }),
      403,
      "ErrorAccessDenied",
    );
  });

  it("a token without a Tasks permission gets 403 ErrorAccessDenied, an app-only token 400", async () => {
    await expectError(
      await call("/me/todo/lists", await token(ADELE, "User.Read User.ReadBasic.All")),
      403,
      "ErrorAccessDenied",
    );
    await expectError(
      await call("/me/todo/lists", await mintGraphTokenForTest(ctx, appClaims(["User.Read.All"]))),
      400,
      "BadRequest",
    );
  });
});

describe("fault hooks on writes", () => {
  const fault = (body: Record<string, unknown>) =>
    fetch(`${emulator.url}/_admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "graph", ...body }),
    });

  it("a 429 for writes leaves reads alone, answers the next write with Retry-After, and creates nothing", async () => {
    const bearer = await token(ADELE);
    const listId = await defaultList(bearer);
    expect((await fault({ status: 429, retryAfterSeconds: 7, match: "/v1.0/me/todo", method: "write" })).status).toBe(
      201,
    );
    expect((await call(`/me/todo/lists/${listId}/tasks`, bearer)).status).toBe(200);
    const res = await call(`/me/todo/lists/${listId}/tasks`, bearer, { method: "POST", body: { title: "x" } });
    await expectError(res, 429, "TooManyRequests");
    expect(res.headers.get("retry-after")).toBe("7");
    expect(
      ((await (await call(`/me/todo/lists/${listId}/tasks`, bearer)).json()) as { value: unknown[] }).value,
    ).toEqual([]);
    await addTask(bearer, listId);
  });

  it("a 503 for PATCH only", async () => {
    const bearer = await token(ADELE);
    const listId = await defaultList(bearer);
    const task = await addTask(bearer, listId);
    await fault({ status: 503, retryAfterSeconds: 3, method: "PATCH" });
    const res = await call(`/me/todo/lists/${listId}/tasks/${task.id}`, bearer, {
      method: "PATCH",
      body: { title: "y" },
    });
    await expectError(res, 503, "ServiceUnavailable");
    expect(res.headers.get("retry-after")).toBe("3");
  });

  it("refuses an unknown method name in a fault", async () => {
    expect((await fault({ status: 429, method: "write-ish" })).status).toBe(400);
  });
});

describe("admin", () => {
  it("reset empties everyone's lists; /_admin/graph-token mints a delegated Graph token Graph accepts", async () => {
    const res = await fetch(`${emulator.url}/_admin/graph-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: ADELE, clientAppId: IDS.frontend, scope: "Tasks.ReadWrite" }),
    });
    expect(res.status).toBe(201);
    const { token: minted } = (await res.json()) as { token: string };
    const listId = await defaultList(minted);
    await addTask(minted, listId);
    await fetch(`${emulator.url}/_admin/reset`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    const lists = ((await (await call("/me/todo/lists", minted)).json()) as { value: Array<{ id: string }> }).value;
    expect(lists).toHaveLength(1);
    expect(lists[0].id).not.toBe(listId);
    const unknown = await fetch(`${emulator.url}/_admin/graph-token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        user: "nobody@contoso.onmicrosoft.com",
        clientAppId: IDS.frontend,
        scope: "Tasks.ReadWrite",
      }),
    });
    expect(unknown.status).toBe(404);
  });
});
