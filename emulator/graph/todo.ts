// The Microsoft To Do subset of Graph: /me/todo/lists and their tasks. Shapes follow the Graph reference
// (todoTaskList, todoTask); errors are the ones Exchange-backed Graph answers (ErrorItemNotFound,
// ErrorInvalidIdMalformed, and ErrorIrresolvableConflict with 412 when If-Match no longer matches).
import type { Request } from "../http.ts";
import { GraphError } from "./errors.ts";
import type { Call, Reply } from "./handlers.ts";
import { metadataUrl, page, parseTop } from "./odata.ts";
import {
  etagOf,
  IMPORTANCES,
  TASK_STATUSES,
  todoStore,
  type DateTimeTimeZone,
  type StoredList,
  type StoredTask,
} from "./todo-store.ts";

const ID = /^[A-Za-z0-9_=+/-]{1,512}$/;
const notFound = () => new GraphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
const malformed = () => new GraphError(400, "ErrorInvalidIdMalformed", "Id is malformed.");
const unreadable = () =>
  new GraphError(
    400,
    "BadRequest",
    "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.",
  );
const badProperty = (message: string) => new GraphError(400, "RequestBodyRead", message);

const subject = (call: Call) => call.subject!;
const userRef = (call: Call) => `users('${subject(call).oid}')`;

function listOf(call: Call): StoredList {
  const id = call.params.listId;
  if (!ID.test(id)) throw malformed();
  const list = todoStore(call.ctx).findList(subject(call).oid, id);
  if (!list) throw notFound();
  return list;
}

function taskOf(call: Call, list = listOf(call)): StoredTask {
  const id = call.params.taskId;
  if (!ID.test(id)) throw malformed();
  const task = list.tasks.get(id);
  if (!task) throw notFound();
  return task;
}

function shapeList(list: StoredList): Record<string, unknown> {
  return {
    "@odata.etag": etagOf(list),
    displayName: list.displayName,
    isOwner: true,
    isShared: false,
    wellknownListName: list.wellknownListName,
    id: list.id,
  };
}

function shapeTask(task: StoredTask): Record<string, unknown> {
  return {
    "@odata.etag": etagOf(task),
    importance: task.importance,
    isReminderOn: task.isReminderOn,
    status: task.status,
    title: task.title,
    createdDateTime: task.createdDateTime,
    lastModifiedDateTime: task.lastModifiedDateTime,
    hasAttachments: false,
    categories: task.categories,
    id: task.id,
    body: task.body,
    ...(task.dueDateTime ? { dueDateTime: task.dueDateTime } : {}),
    ...(task.completedDateTime ? { completedDateTime: task.completedDateTime } : {}),
  };
}

function entity(call: Call, fragment: string, task: StoredTask, status = 200): Reply {
  return {
    status,
    json: { "@odata.context": metadataUrl(call.ctx, call.version, fragment), ...shapeTask(task) },
    headers: { ETag: etagOf(task) },
  };
}

const tasksFragment = (call: Call, list: StoredList) => `${userRef(call)}/todo/lists('${list.id}')/tasks`;

/** A JSON object body, as Graph requires for POST and PATCH. */
function objectBody(req: Request): Record<string, unknown> {
  if (
    !String(req.headers["content-type"] ?? "")
      .toLowerCase()
      .startsWith("application/json")
  )
    throw unreadable();
  try {
    const value = JSON.parse(req.body.toString("utf8")) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw unreadable();
}

/** If-Match: absent or `*` matches anything; otherwise one of the listed ETags must be the current one. */
function checkIfMatch(req: Request, task: StoredTask): void {
  const header = req.headers["if-match"];
  if (header === undefined || header.trim() === "*") return;
  const current = etagOf(task);
  if (!header.split(/,\s*(?=W\/|")/).some((tag) => tag.trim() === current)) {
    throw new GraphError(
      412,
      "ErrorIrresolvableConflict",
      "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.",
    );
  }
}

function dateTimeTimeZone(name: string, value: unknown): DateTimeTimeZone | undefined {
  if (value === null) return undefined;
  const v = value as Partial<DateTimeTimeZone> | undefined;
  if (
    !v ||
    typeof v !== "object" ||
    typeof v.dateTime !== "string" ||
    Number.isNaN(Date.parse(v.dateTime.replace(/(\.\d{3})\d*$/, "$1")))
  ) {
    throw badProperty(
      `Cannot convert the literal '${JSON.stringify(value)}' to the expected type 'microsoft.graph.dateTimeTimeZone' for property '${name}'.`,
    );
  }
  return { dateTime: v.dateTime, timeZone: typeof v.timeZone === "string" && v.timeZone ? v.timeZone : "UTC" };
}

function enumValue<T extends string>(name: string, type: string, values: readonly T[], value: unknown): T {
  if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as T;
  throw badProperty(
    `Cannot convert the literal '${String(value)}' to the expected type 'microsoft.graph.${type}' for property '${name}'.`,
  );
}

const WRITABLE = new Set(["title", "status", "importance", "isReminderOn", "dueDateTime", "body", "categories"]);
const READ_ONLY = new Set([
  "@odata.etag",
  "@odata.type",
  "id",
  "createdDateTime",
  "lastModifiedDateTime",
  "hasAttachments",
  "completedDateTime",
]);

/** The writable todoTask properties of a request body, type-checked as Graph's deserializer does. */
function taskFields(body: Record<string, unknown>): Partial<StoredTask> {
  const out: Partial<StoredTask> = {};
  for (const [name, value] of Object.entries(body)) {
    if (READ_ONLY.has(name)) continue;
    if (!WRITABLE.has(name))
      throw badProperty(
        `The property '${name}' does not exist on type 'microsoft.graph.todoTask'. Make sure to only use property names that are defined by the type or mark the type as open type.`,
      );
    if (name === "title") {
      if (typeof value !== "string")
        throw badProperty(
          `Cannot convert the literal '${String(value)}' to the expected type 'Edm.String' for property 'title'.`,
        );
      out.title = value;
    } else if (name === "status") out.status = enumValue(name, "taskStatus", TASK_STATUSES, value);
    else if (name === "importance") out.importance = enumValue(name, "importance", IMPORTANCES, value);
    else if (name === "isReminderOn") {
      if (typeof value !== "boolean")
        throw badProperty("Cannot convert the literal to the expected type 'Edm.Boolean' for property 'isReminderOn'.");
      out.isReminderOn = value;
    } else if (name === "dueDateTime") out.dueDateTime = dateTimeTimeZone(name, value);
    else if (name === "categories") {
      if (!Array.isArray(value) || !value.every((c) => typeof c === "string"))
        throw badProperty("Cannot convert the value to 'Collection(Edm.String)' for property 'categories'.");
      out.categories = value as string[];
    } else {
      const b = value as { content?: unknown; contentType?: unknown };
      if (!b || typeof b.content !== "string")
        throw badProperty("Cannot convert the value to 'microsoft.graph.itemBody' for property 'body'.");
      out.body = { content: b.content, contentType: b.contentType === "html" ? "html" : "text" };
    }
  }
  return out;
}

export function listLists(call: Call): Reply {
  const lists = todoStore(call.ctx).listsOf(subject(call).oid);
  return {
    json: {
      "@odata.context": metadataUrl(call.ctx, call.version, `${userRef(call)}/todo/lists`),
      value: lists.map(shapeList),
    },
  };
}

export function createList(call: Call): Reply {
  const body = objectBody(call.req);
  if (typeof body.displayName !== "string" || !body.displayName.trim())
    throw new GraphError(400, "BadRequest", "The displayName of a task list can't be empty.");
  const list = todoStore(call.ctx).addList(subject(call).oid, body.displayName);
  return {
    status: 201,
    json: {
      "@odata.context": metadataUrl(call.ctx, call.version, `${userRef(call)}/todo/lists/$entity`),
      ...shapeList(list),
    },
  };
}

export function getList(call: Call): Reply {
  return {
    json: {
      "@odata.context": metadataUrl(call.ctx, call.version, `${userRef(call)}/todo/lists/$entity`),
      ...shapeList(listOf(call)),
    },
  };
}

export function listTasks(call: Call): Reply {
  const list = listOf(call);
  const { value, nextLink } = page(call.ctx, call.req, [...list.tasks.values()], parseTop(call.req));
  return {
    json: {
      "@odata.context": metadataUrl(call.ctx, call.version, tasksFragment(call, list)),
      ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
      value: value.map(shapeTask),
    },
  };
}

export function createTask(call: Call): Reply {
  const list = listOf(call);
  const task = todoStore(call.ctx).addTask(list, taskFields(objectBody(call.req)));
  return entity(call, `${tasksFragment(call, list)}/$entity`, task, 201);
}

export function getTask(call: Call): Reply {
  const list = listOf(call);
  return entity(call, `${tasksFragment(call, list)}/$entity`, taskOf(call, list));
}

export function updateTask(call: Call): Reply {
  const list = listOf(call);
  const task = taskOf(call, list);
  const fields = taskFields(objectBody(call.req));
  checkIfMatch(call.req, task);
  return entity(call, `${tasksFragment(call, list)}/$entity`, todoStore(call.ctx).updateTask(task, fields));
}

export function deleteTask(call: Call): Reply {
  const list = listOf(call);
  const task = taskOf(call, list);
  checkIfMatch(call.req, task);
  list.tasks.delete(task.id);
  return { status: 204, empty: true };
}
