"use server";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { refresh } from "next/cache";
import { toProblem } from "@/lib/api/page";
import { resolveSessionCaller, type UserCaller } from "@/lib/bearer";
import { signInPath } from "@/lib/auth-paths";
import { AppError } from "@/lib/errors";
import { createTask, deleteTask, updateTask } from "@/lib/graph";
import type { Task } from "@/lib/graph/todo-types";
import { check, graphId, idempotencyKey, newTaskSchema, taskChangeSchema, checkTaskFields } from "@/lib/tasks/input";
import { tasksHref } from "@/lib/tasks/view";
import type { TaskFormState } from "./form-state";

// The server mode's writes, Razor Pages style: validate with the same zod rules as the API, call the same
// lib/graph function, then redirect (POST → redirect → GET) — or, when JavaScript sent the form, refresh
// the page in place. On failure, answer the input and the errors instead. Next checks that the post came
// from this origin; proxy.ts refuses cross-site posts before that.

const FIELDS = ["listId", "taskId", "etag", "title", "dueDate", "completed", "idempotencyKey"] as const;

function valuesOf(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const k of FIELDS) {
    const v = form.get(k);
    if (typeof v === "string") values[k] = v.slice(0, 1024);
  }
  return values;
}

const RETRY_MESSAGE = "Microsoft Graph is busy right now.";

function failure(err: unknown, returnTo: string): Omit<TaskFormState, "seq" | "values"> {
  if (err instanceof AppError) {
    switch (err.code) {
      case "ERR_BAD_REQUEST":
        if (err.details.fields) return { fields: err.details.fields };
        break;
      case "ERR_GRAPH_THROTTLED":
      case "ERR_GRAPH_UNAVAILABLE":
      case "ERR_IDP_UNAVAILABLE":
        return {
          retry: { seconds: Math.max(1, Math.ceil(err.details.retryAfterSeconds ?? 5)), message: RETRY_MESSAGE },
        };
      case "ERR_PRECONDITION_FAILED":
        if (err.details.current) return { conflict: err.details.current as unknown as Task };
        break;
      case "ERR_NOT_FOUND":
        return { problem: { code: err.code, message: "This task or list no longer exists. Reload the page." } };
    }
  }
  return { problem: toProblem(err, returnTo) };
}

/** A form posted by the browser itself, not by React's fetch: the answer must then be a redirect (PRG). */
async function postedWithoutJavaScript(): Promise<boolean> {
  return !(await headers()).has("next-action");
}

/**
 * Runs one write as the session's user. Success: back to `to` (a redirect; with JavaScript and
 * `inPlace`, a refresh of the page instead). Failure: the input and what went wrong.
 */
async function act(
  prev: TaskFormState,
  values: Record<string, string>,
  to: string,
  work: (caller: UserCaller) => Promise<unknown>,
  inPlace: boolean,
): Promise<TaskFormState> {
  const seq = prev.seq + 1;
  let caller: UserCaller;
  try {
    caller = await resolveSessionCaller();
  } catch (err) {
    if (err instanceof AppError && err.code === "ERR_UNAUTHENTICATED") redirect(signInPath(to));
    return { seq, values, ...failure(err, to) };
  }
  try {
    await work(caller);
  } catch (err) {
    return { seq, values, ...failure(err, to) };
  }
  if (inPlace && !(await postedWithoutJavaScript())) {
    refresh();
    return { seq, done: true };
  }
  redirect(to);
}

/** Ids from hidden fields: a tampered one is refused before anything reaches Graph. */
function ids(values: Record<string, string>, ...names: Array<"listId" | "taskId">): string[] | undefined {
  const out = names.map((n) => values[n] ?? "");
  return out.every((v) => graphId.safeParse(v).success) ? out : undefined;
}
const badForm = (seq: number, values: Record<string, string>): TaskFormState => ({
  seq,
  values,
  problem: { code: "ERR_BAD_REQUEST", message: "This form is out of date. Reload the page and try again." },
});

export async function createTaskAction(prev: TaskFormState, form: FormData): Promise<TaskFormState> {
  const values = valuesOf(form);
  const [listId] = ids(values, "listId") ?? [];
  const key = idempotencyKey.safeParse(values.idempotencyKey);
  if (!listId || !key.success) return badForm(prev.seq + 1, values);
  const input = checkTaskFields(newTaskSchema, (name) => values[name]);
  if (!input.ok) return { seq: prev.seq + 1, values, fields: input.fields };
  return act(
    prev,
    values,
    tasksHref({ list: listId }),
    (caller) => createTask(caller, listId, input.data, key.data),
    true,
  );
}

/** Rename (title, due date) or mark completed / not completed, if the task is still as the form saw it. */
export async function updateTaskAction(prev: TaskFormState, form: FormData): Promise<TaskFormState> {
  const values = valuesOf(form);
  const [listId, taskId] = ids(values, "listId", "taskId") ?? [];
  if (!listId || !values.etag) return badForm(prev.seq + 1, values);
  const change =
    values.completed !== undefined
      ? check(taskChangeSchema, { completed: values.completed === "true" })
      : checkTaskFields(taskChangeSchema, (name) => values[name]);
  if (!change.ok) return { seq: prev.seq + 1, values, fields: change.fields };
  // A toggle stays on the page; a rename leaves the edit form for the list.
  return act(
    prev,
    values,
    tasksHref({ list: listId }),
    (caller) => updateTask(caller, listId, taskId, values.etag, change.data),
    values.completed !== undefined,
  );
}

export async function deleteTaskAction(prev: TaskFormState, form: FormData): Promise<TaskFormState> {
  const values = valuesOf(form);
  const [listId, taskId] = ids(values, "listId", "taskId") ?? [];
  if (!listId) return badForm(prev.seq + 1, values);
  return act(prev, values, tasksHref({ list: listId }), (caller) => deleteTask(caller, listId, taskId), false);
}
