"use client";
import { useRef, useState } from "react";
import type { Task, TaskPage } from "@/lib/graph/todo-types";
import type { FieldErrors } from "@/lib/tasks/input";
import type { WriteOutcome } from "@/app/components/tasks/WriteNotices";
import { isApiWriteError, useApiWrite, type ApiState, type WriteInit } from "@/lib/spa/use-api";

// One write from the SPA view, SWR style: the change shows at once (optimistic), the API call runs, and
// on failure the list rolls back and the view says why, with the same answers as the server mode's forms:
// field errors, a retry countdown (Graph throttled or unavailable; the input is kept), or a conflict.

export interface WriteState extends WriteOutcome {
  fields?: FieldErrors;
}

export interface WriteOp<T> {
  path: string;
  init: WriteInit;
  /** The list as it should look at once. */
  optimistic: (page: TaskPage) => TaskPage;
  /** The list with the API's answer in it. */
  settle: (page: TaskPage, result: T) => TaskPage;
  /** Said when the change is undone. */
  undone: string;
}

const THROTTLED = new Set(["ERR_GRAPH_THROTTLED", "ERR_GRAPH_UNAVAILABLE", "ERR_IDP_UNAVAILABLE"]);

function failure(err: unknown, undone: string): Omit<WriteState, "seq"> {
  if (!isApiWriteError(err))
    return {
      notice: undone,
      problem: {
        code: "ERR_UNEXPECTED",
        message: "The server could not be reached. Check your connection and try again.",
      },
    };
  const body = err.response?.body;
  if (THROTTLED.has(err.problem.code))
    return {
      notice: undone,
      retry: {
        seconds: Math.max(1, Math.ceil(err.response?.retryAfterSeconds ?? 5)),
        message: "Microsoft Graph is busy right now.",
      },
    };
  if (err.problem.code === "ERR_PRECONDITION_FAILED" && body?.current) return { conflict: body.current as Task };
  if (err.problem.code === "ERR_BAD_REQUEST" && body?.fields && typeof body.fields === "object")
    return { notice: undone, fields: body.fields as FieldErrors };
  return { notice: undone, problem: err.problem };
}

export function useTaskWrite(tasks: ApiState<TaskPage>) {
  const write = useApiWrite();
  const [state, setState] = useState<WriteState>({ seq: 0 });
  const [pending, setPending] = useState(false);
  const last = useRef<WriteOp<unknown> | undefined>(undefined);

  async function run<T>(op: WriteOp<T>): Promise<boolean> {
    last.current = op as WriteOp<unknown>;
    setPending(true);
    try {
      await tasks.mutate(async (current) => op.settle(current!, await write<T>(op.path, op.init)), {
        optimisticData: (current) => op.optimistic(current!),
        rollbackOnError: true,
        populateCache: true,
        revalidate: false,
      });
      setState((s) => ({ seq: s.seq + 1 }));
      return true;
    } catch (err) {
      setState((s) => ({ seq: s.seq + 1, ...failure(err, op.undone) }));
      return false;
    } finally {
      setPending(false);
    }
  }

  return {
    state,
    pending,
    run,
    /** The last write again (after a countdown), or with a change (the current ETag after a conflict). */
    again: (edit: (op: WriteOp<unknown>) => WriteOp<unknown> = (op) => op) =>
      last.current ? run(edit(last.current)) : Promise.resolve(false),
    clear: () => setState((s) => ({ seq: s.seq + 1 })),
  };
}

export const replaceTask = (page: TaskPage, task: Task): TaskPage => ({
  ...page,
  tasks: page.tasks.map((t) => (t.id === task.id ? task : t)),
});
