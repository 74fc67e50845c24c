// Bad input on the /api/tasks write routes, from any client: each gets a 4xx JSON { error, message } that
// says what is wrong (and, for invalid fields, which field), never a 500, and nothing reaches Graph.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, IDS, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;
type Handler = (request: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
let post: Handler, patch: Handler;
let token: string;
let listId: string;
let alexListId: string;

const params = (p: Record<string, string>) => ({ params: Promise.resolve(p) });
const admin = (path: string, body: unknown) =>
  fetch(`${emu.url}/_admin/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });

async function defaultListOf(upn: string): Promise<string> {
  const { token: graph } = (await (
    await admin("graph-token", { user: upn, clientAppId: IDS.backend, scope: "Tasks.ReadWrite" })
  ).json()) as { token: string };
  const res = await fetch(`${emu.url}/graph/v1.0/me/todo/lists`, { headers: { authorization: `Bearer ${graph}` } });
  return ((await res.json()) as { value: Array<{ id: string }> }).value[0].id;
}

beforeAll(async () => {
  emu = await startAppEmulator();
  ({ POST: post } = (await import("@/app/api/tasks/lists/[listId]/tasks/route")) as unknown as Record<string, Handler>);
  ({ PATCH: patch } = (await import("@/app/api/tasks/lists/[listId]/tasks/[taskId]/route")) as unknown as Record<
    string,
    Handler
  >);
  token = await userToken(emu, "adele");
  await admin("grants", {
    clientAppId: IDS.backend,
    resourceAppId: IDS.graph,
    consentType: "Principal",
    principal: "adele@contoso.onmicrosoft.com",
    scope: "Tasks.ReadWrite",
  });
  listId = await defaultListOf("adele@contoso.onmicrosoft.com");
  alexListId = await defaultListOf("alex@contoso.onmicrosoft.com");
});
afterAll(() => emu?.close());

async function expect4xx(res: Response, status: number, error: string): Promise<Record<string, unknown>> {
  expect(res.status).toBe(status);
  const text = await res.text();
  expect(text).not.toMatch(/\n\s+at |node_modules|ey[A-Za-z0-9_-]{20,}\./);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(body.error).toBe(error);
  expect(typeof body.message).toBe("string");
  return body;
}

const create = (init: RequestInit, list = listId, auth: string | null = token) =>
  post(
    apiRequest(`/api/tasks/lists/${list}/tasks`, auth ?? undefined, { method: "POST", ...init }),
    params({ listId: list }),
  );
const asJson = (body: string, headers: Record<string, string> = {}): RequestInit => ({
  body,
  headers: { "content-type": "application/json", ...headers },
});

describe("POST /api/tasks/lists/{listId}/tasks", () => {
  it.each([
    ["a missing title", "{}", "title", "Enter a title."],
    ["a blank title", '{"title":"   "}', "title", "Enter a title."],
    [
      "a 10 KB title",
      JSON.stringify({ title: "x".repeat(10 * 1024) }),
      "title",
      "Keep the title to 255 characters or fewer.",
    ],
    ["a title that is not text", '{"title":42}', "title", "Enter a title."],
    [
      "an impossible due date",
      '{"title":"t","dueDate":"2030-02-30"}',
      "dueDate",
      "Enter the due date as a date, like 2030-05-01.",
    ],
    ["an unknown field", '{"title":"t","owner":"alex"}', "form", "Unknown field(s): owner."],
    ["a JSON array", "[]", "form", expect.any(String)],
  ])("400 for %s, naming the field", async (_name, body, field, message) => {
    const res = await expect4xx(await create(asJson(body)), 400, "bad_request");
    expect(res.fields).toEqual({ [field]: message });
  });

  it("400 for malformed JSON", async () => {
    expect((await expect4xx(await create(asJson("{not json")), 400, "bad_request")).message).toBe(
      "The body is not valid JSON.",
    );
  });

  it.each([["text/plain"], ["application/x-www-form-urlencoded"], ["multipart/form-data; boundary=x"], [""]])(
    "415 for content type %j",
    async (type) => {
      await expect4xx(
        await create({ body: '{"title":"t"}', headers: type ? { "content-type": type } : {} }),
        415,
        "unsupported_media_type",
      );
    },
  );

  it("413 for a body over 16 KB, declared or streamed", async () => {
    await expect4xx(await create(asJson(JSON.stringify({ title: "x".repeat(20_000) }))), 413, "payload_too_large");
    const stream = new ReadableStream({
      start: (c) => (c.enqueue(new TextEncoder().encode(`{"title":"${"x".repeat(40_000)}"}`)), c.close()),
    });
    await expect4xx(
      await create({ body: stream, headers: { "content-type": "application/json" }, duplex: "half" } as RequestInit),
      413,
      "payload_too_large",
    );
  });

  it("404 for an unknown list id and for someone else's list id", async () => {
    await expect4xx(await create(asJson('{"title":"t"}'), "AAMkAGdoesnotexist"), 404, "not_found");
    await expect4xx(await create(asJson('{"title":"t"}'), alexListId), 404, "not_found");
  });

  it("400 for a malformed list id or idempotency key", async () => {
    await expect4xx(await create(asJson('{"title":"t"}'), "..%2F..%2Fusers"), 400, "bad_request");
    await expect4xx(await create(asJson('{"title":"t"}', { "idempotency-key": "short" })), 400, "bad_request");
  });

  it("403 for a cookie-authenticated write from another site (checked before the session is read)", async () => {
    const body = await expect4xx(
      await create(asJson('{"title":"t"}', { origin: "https://evil.example", host: "localhost:3000" }), listId, null),
      403,
      "forbidden",
    );
    expect(body.rule).toBe("same_origin");
  });
});

describe("PATCH /api/tasks/lists/{listId}/tasks/{taskId}", () => {
  const change = (body: string, headers: Record<string, string>) =>
    patch(
      apiRequest(`/api/tasks/lists/${listId}/tasks/AAMkAGtask`, token, { method: "PATCH", ...asJson(body, headers) }),
      params({ listId, taskId: "AAMkAGtask" }),
    );

  it.each([
    ["no change at all", "{}", { "if-match": 'W/"abc"' }, 400, "bad_request"],
    ["completed as text", '{"completed":"yes"}', { "if-match": 'W/"abc"' }, 400, "bad_request"],
    ["a malformed If-Match", '{"title":"t"}', { "if-match": "abc" }, 400, "bad_request"],
    ["no If-Match", '{"title":"t"}', {}, 428, "precondition_required"],
    ["an unknown task", '{"title":"t"}', { "if-match": 'W/"abc"' }, 404, "not_found"],
  ])("refuses %s with a 4xx", async (_name, body, headers, status, error) => {
    await expect4xx(await change(body, headers), status, error);
  });
});
