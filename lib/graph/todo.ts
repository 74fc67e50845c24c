import "server-only";
import type { Caller } from "@/lib/bearer";
import { AppError } from "@/lib/errors";
import { once } from "@/lib/idempotency";
import type { NewTask, TaskChange } from "@/lib/tasks/input";
import { graphFetch, graphJson } from "./client";
import { TASKS_SCOPE } from "@/lib/incremental-scopes";
import type { GraphCollection } from "./types";
import type { GraphTodoTask, GraphTodoTaskList, Task, TaskList, TaskPage } from "./todo-types";

// Microsoft To Do through Graph, for both page modes: the Server Actions and the /api/tasks route handlers
// call these and nothing else. Every call asks for Tasks.ReadWrite (one consent covers reading and
// writing); a user who has not granted it gets ERR_OBO_CONSENT_REQUIRED naming it.

const SCOPES = [TASKS_SCOPE];
const TASKS_CAP = 500;

const listPath = (listId: string) => `/me/todo/lists/${encodeURIComponent(listId)}`;
const taskPath = (listId: string, taskId: string) => `${listPath(listId)}/tasks/${encodeURIComponent(taskId)}`;

function reshapeList(l: GraphTodoTaskList): TaskList {
  return { id: l.id, displayName: l.displayName ?? "", isDefault: l.wellknownListName === "defaultList" };
}

function reshapeTask(t: GraphTodoTask): Task {
  return {
    id: t.id,
    title: t.title ?? "",
    completed: t.status === "completed",
    dueDate: t.dueDateTime?.dateTime?.slice(0, 10) ?? null,
    createdDateTime: t.createdDateTime ?? "",
    etag: t["@odata.etag"] ?? "",
  };
}

const byOpenThenNewest = (a: Task, b: Task) =>
  Number(a.completed) - Number(b.completed) || b.createdDateTime.localeCompare(a.createdDateTime);

/** A due date as Graph's dateTimeTimeZone (the day, at midnight UTC), or null to clear it. */
const graphDue = (dueDate: string | null | undefined) =>
  dueDate ? { dateTime: `${dueDate}T00:00:00.0000000`, timeZone: "UTC" } : null;

/** The user's lists, the default "Tasks" list first. */
export async function listTaskLists(caller: Caller): Promise<TaskList[]> {
  const page = await graphJson<GraphCollection<GraphTodoTaskList>>({ caller, scopes: SCOPES, path: "/me/todo/lists" });
  return page.value.map(reshapeList).sort((a, b) => Number(b.isDefault) - Number(a.isDefault));
}

/** One list and its tasks (up to 500). ERR_NOT_FOUND for a list that is not the user's. */
export async function listTasks(caller: Caller, listId: string): Promise<TaskPage> {
  // The list and its first page at once: both answer 404 for a list that is not the user's.
  const [list, first] = await Promise.all([
    graphJson<GraphTodoTaskList>({ caller, scopes: SCOPES, path: listPath(listId) }),
    graphJson<GraphCollection<GraphTodoTask>>({ caller, scopes: SCOPES, path: `${listPath(listId)}/tasks?$top=100` }),
  ]);
  const tasks = first.value.map(reshapeTask);
  let path = first["@odata.nextLink"];
  while (path && tasks.length < TASKS_CAP) {
    const page: GraphCollection<GraphTodoTask> = await graphJson({ caller, scopes: SCOPES, path });
    tasks.push(...page.value.map(reshapeTask));
    path = page["@odata.nextLink"];
  }
  return {
    list: reshapeList(list),
    tasks: tasks.slice(0, TASKS_CAP).sort(byOpenThenNewest),
    truncated: path !== undefined,
  };
}

export async function getTask(caller: Caller, listId: string, taskId: string): Promise<Task> {
  return reshapeTask(await graphJson<GraphTodoTask>({ caller, scopes: SCOPES, path: taskPath(listId, taskId) }));
}

/**
 * Creates a task. With an idempotency key, a repeat of the same request (same key, list and content)
 * returns the task the first one created instead of creating another.
 */
export async function createTask(
  caller: Caller,
  listId: string,
  input: NewTask,
  idempotencyKey?: string,
): Promise<{ task: Task; replayed: boolean }> {
  const create = async () => {
    const body = { title: input.title, ...(input.dueDate ? { dueDateTime: graphDue(input.dueDate) } : {}) };
    const res = await graphFetch({ caller, scopes: SCOPES, path: `${listPath(listId)}/tasks`, method: "POST", body });
    return reshapeTask((await res.json()) as GraphTodoTask);
  };
  if (!idempotencyKey || caller.kind !== "user") return { task: await create(), replayed: false };
  const { value, replayed } = await once(
    caller.oid,
    idempotencyKey,
    JSON.stringify([listId, input.title, input.dueDate ?? null]),
    create,
  );
  return { task: value, replayed };
}

/**
 * Changes a task only if it is still as the user saw it (`etag`, sent as If-Match). When it changed
 * elsewhere meanwhile: ERR_PRECONDITION_FAILED carrying the task as it is now.
 */
export async function updateTask(
  caller: Caller,
  listId: string,
  taskId: string,
  etag: string,
  change: TaskChange,
): Promise<Task> {
  const body: Record<string, unknown> = {};
  if (change.title !== undefined) body.title = change.title;
  if (change.dueDate !== undefined) body.dueDateTime = graphDue(change.dueDate);
  if (change.completed !== undefined) body.status = change.completed ? "completed" : "notStarted";
  try {
    const res = await graphFetch({
      caller,
      scopes: SCOPES,
      path: taskPath(listId, taskId),
      method: "PATCH",
      body,
      headers: { "if-match": etag },
    });
    return reshapeTask((await res.json()) as GraphTodoTask);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== "ERR_PRECONDITION_FAILED") throw err;
    const current = await getTask(caller, listId, taskId);
    throw new AppError(
      "ERR_PRECONDITION_FAILED",
      { current: { ...current } },
      { message: "This task changed since you opened it.", cause: err },
    );
  }
}

/** Deletes a task; one already gone counts as deleted (a repeated confirmation deletes nothing twice). */
export async function deleteTask(caller: Caller, listId: string, taskId: string): Promise<void> {
  try {
    await graphFetch({ caller, scopes: SCOPES, path: taskPath(listId, taskId), method: "DELETE" });
  } catch (err) {
    if (err instanceof AppError && err.code === "ERR_NOT_FOUND") {
      await graphJson({ caller, scopes: SCOPES, path: listPath(listId) }); // but a list that is not the user's stays a 404
      return;
    }
    throw err;
  }
}
