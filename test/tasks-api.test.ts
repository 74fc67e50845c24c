// The /api/tasks route handlers with bearer tokens, against the emulator's identity platform and its To Do
// on Graph: incremental consent, the one lib path's writes, idempotency, ETag/If-Match, throttled writes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, IDS, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;
type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let lists: Handler, tasksGet: Handler, tasksPost: Handler, taskGet: Handler, taskPatch: Handler, taskDelete: Handler;
let token: string;
let listId: string;

const ADELE = "adele@contoso.onmicrosoft.com";
const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });
const admin = (path: string, body?: unknown, method = "POST") =>
  fetch(`${emu.url}/_admin/${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const grantTasks = (upn: string) =>
  admin("grants", {
    clientAppId: IDS.backend,
    resourceAppId: IDS.graph,
    consentType: "Principal",
    principal: upn,
    scope: "Tasks.ReadWrite",
  });
const json = (body: unknown, headers: Record<string, string> = {}, method = "POST"): RequestInit => ({
  method,
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(body),
});

beforeAll(async () => {
  emu = await startAppEmulator();
  lists = (await import("@/app/api/tasks/lists/route")).GET as unknown as Handler;
  ({ GET: tasksGet, POST: tasksPost } =
    (await import("@/app/api/tasks/lists/[listId]/tasks/route")) as unknown as Record<string, Handler>);
  ({
    GET: taskGet,
    PATCH: taskPatch,
    DELETE: taskDelete,
  } = (await import("@/app/api/tasks/lists/[listId]/tasks/[taskId]/route")) as unknown as Record<string, Handler>);
});
afterAll(() => emu?.close());
beforeEach(async () => {
  await admin("reset");
  token = await userToken(emu, "adele");
  await grantTasks(ADELE);
  const res = await lists(apiRequest("/api/tasks/lists", token), params({}));
  listId = ((await res.json()) as Array<{ id: string }>)[0].id;
});

const path = (taskId?: string) => `/api/tasks/lists/${listId}/tasks${taskId ? `/${taskId}` : ""}`;
const create = (body: unknown, headers: Record<string, string> = {}) =>
  tasksPost(apiRequest(path(), token, json(body, headers)), params({ listId }));
const titles = async () =>
  (
    (await (await tasksGet(apiRequest(path(), token), params({ listId }))).json()) as {
      tasks: Array<{ title: string }>;
    }
  ).tasks.map((t) => t.title);
const patch = (taskId: string, body: unknown, ifMatch?: string) =>
  taskPatch(
    apiRequest(path(taskId), token, json(body, ifMatch === undefined ? {} : { "if-match": ifMatch }, "PATCH")),
    params({ listId, taskId }),
  );

describe("consent", () => {
  it("without Tasks.ReadWrite: 403 consent_required whose link asks for exactly that permission", async () => {
    const res = await lists(
      apiRequest("/api/tasks/lists", await userToken(emu, "alex"), {
        headers: { referer: "http://localhost:3000/tasks" },
      }),
      params({}),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: "consent_required",
      scopes: ["https://graph.microsoft.com/Tasks.ReadWrite"],
      reauthUrl: "/auth/consent?returnTo=%2Ftasks&scope=https%3A%2F%2Fgraph.microsoft.com%2FTasks.ReadWrite",
      // Behind "Details for your administrator": nothing is misconfigured, the permission came later.
      diagnosis: {
        code: "AADSTS65001",
        title: "The user has not consented to a permission added after their first consent",
      },
    });
  });
});

describe("reads and writes", () => {
  it("lists the default list, creates a task (201) and lists it", async () => {
    const res = await lists(apiRequest("/api/tasks/lists", token), params({}));
    expect(await res.json()).toEqual([{ id: listId, displayName: "Tasks", isDefault: true }]);
    const created = await create({ title: "  Buy milk ", dueDate: "2030-05-01" });
    expect(created.status).toBe(201);
    const task = (await created.json()) as Record<string, unknown>;
    expect(task).toEqual({
      id: expect.any(String),
      title: "Buy milk",
      completed: false,
      dueDate: "2030-05-01",
      createdDateTime: expect.any(String),
      etag: expect.stringMatching(/^W\/"/),
    });
    expect(created.headers.get("etag")).toBe(task.etag);
    const page = (await (await tasksGet(apiRequest(path(), token), params({ listId }))).json()) as Record<
      string,
      unknown
    >;
    expect(page).toEqual({
      list: { id: listId, displayName: "Tasks", isDefault: true },
      tasks: [task],
      truncated: false,
    });
  });

  it("the same Idempotency-Key and body create one task however often (even at once); other content is a new task", async () => {
    const key = crypto.randomUUID();
    const answers = await Promise.all([
      create({ title: "Once" }, { "idempotency-key": key }),
      create({ title: "Once" }, { "idempotency-key": key }),
    ]);
    const again = await create({ title: "Once" }, { "idempotency-key": key });
    const ids = await Promise.all([...answers, again].map(async (r) => ((await r.json()) as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    expect(again.headers.get("idempotent-replayed")).toBe("true");
    expect(await titles()).toEqual(["Once"]);
    await create({ title: "Twice" }, { "idempotency-key": key });
    expect((await titles()).sort()).toEqual(["Once", "Twice"]);
  });

  it("renames and completes with If-Match; the old ETag then gets 412 with the task as it is now", async () => {
    const task = (await (await create({ title: "Draft" })).json()) as { id: string; etag: string };
    const renamed = await patch(task.id, { title: "Final" }, task.etag);
    expect(renamed.status).toBe(200);
    const after = (await renamed.json()) as { etag: string; title: string };
    expect(after.title).toBe("Final");
    const stale = await patch(task.id, { completed: true }, task.etag);
    expect(stale.status).toBe(412);
    expect(await stale.json()).toEqual({
      error: "precondition_failed",
      message: "This task changed since you opened it.",
      current: { ...after, completed: false },
      correlationId: expect.any(String),
    });
    const done = await patch(task.id, { completed: true }, after.etag);
    expect(((await done.json()) as { completed: boolean }).completed).toBe(true);
  });

  it("412 when the task was changed through Graph (another app) between the read and the write", async () => {
    const task = (await (await create({ title: "Mine" })).json()) as { id: string; etag: string };
    const { token: graph } = (await (
      await admin("graph-token", { user: ADELE, clientAppId: IDS.frontend, scope: "Tasks.ReadWrite" })
    ).json()) as { token: string };
    const elsewhere = await fetch(`${emu.url}/graph/v1.0/me/todo/lists/${listId}/tasks/${task.id}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${graph}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Theirs" }),
    });
    expect(elsewhere.status).toBe(200);
    const res = await patch(task.id, { title: "Mine, renamed" }, task.etag);
    expect(res.status).toBe(412);
    expect(((await res.json()) as { current: { title: string } }).current.title).toBe("Theirs");
  });

  it("PATCH without If-Match is 428; DELETE is 204, twice, and the task is then 404", async () => {
    const task = (await (await create({ title: "Gone soon" })).json()) as { id: string };
    const noEtag = await patch(task.id, { title: "x" });
    expect(noEtag.status).toBe(428);
    expect(await noEtag.json()).toMatchObject({ error: "precondition_required" });
    for (let i = 0; i < 2; i++)
      expect(
        (await taskDelete(apiRequest(path(task.id), token, { method: "DELETE" }), params({ listId, taskId: task.id })))
          .status,
      ).toBe(204);
    expect((await taskGet(apiRequest(path(task.id), token), params({ listId, taskId: task.id }))).status).toBe(404);
  });
});

describe("Graph throttling on a write", () => {
  it("429: 503 graph_throttled with Graph's full Retry-After, nothing created; the retry with the same key creates it once", async () => {
    await admin("faults", {
      target: "graph",
      status: 429,
      retryAfterSeconds: 30,
      match: "/v1.0/me/todo",
      method: "write",
    });
    const key = crypto.randomUUID();
    const throttled = await create({ title: "Later" }, { "idempotency-key": key });
    expect(throttled.status).toBe(503);
    expect(throttled.headers.get("retry-after")).toBe("30");
    expect(await throttled.json()).toMatchObject({ error: "graph_throttled" });
    expect(await titles()).toEqual([]);
    expect((await create({ title: "Later" }, { "idempotency-key": key })).status).toBe(201);
    expect(await titles()).toEqual(["Later"]);
  });

  it("503 on a rename: graph_unavailable with Retry-After, the task unchanged", async () => {
    const task = (await (await create({ title: "Same" })).json()) as { id: string; etag: string };
    await admin("faults", { target: "graph", status: 503, retryAfterSeconds: 4, method: "PATCH" });
    const res = await patch(task.id, { title: "Changed" }, task.etag);
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("4");
    expect(await titles()).toEqual(["Same"]);
  });
});
