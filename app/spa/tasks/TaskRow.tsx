"use client";
import { useState, type FormEvent } from "react";
import type { Task, TaskPage } from "@/lib/graph/todo-types";
import { check, taskChangeSchema, type FieldErrors, type TaskChange } from "@/lib/tasks/input";
import type { ApiState } from "@/lib/spa/use-api";
import { TaskFields } from "@/app/components/tasks/TaskFields";
import { TaskItem } from "@/app/components/tasks/TaskItem";
import { replaceTask, useTaskWrite, type WriteOp } from "./use-task-write";
import { WriteNotices } from "./WriteNotices";

// One task in the SPA view with its controls: mark completed / not completed, rename (in place), delete
// (after a confirmation). Changes are sent with the ETag the row shows (If-Match); when the task changed
// elsewhere the row shows it as it is now and offers to apply the change again.
export function TaskRow({ task, listId, tasks }: { task: Task; listId: string; tasks: ApiState<TaskPage> }) {
  const [mode, setMode] = useState<"view" | "edit" | "delete">("view");
  const [local, setLocal] = useState<FieldErrors | undefined>();
  const { state, pending, run, again, clear } = useTaskWrite(tasks);
  const path = `/api/tasks/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(task.id)}`;

  const change = (body: TaskChange, etag: string, undone: string): WriteOp<Task> => ({
    path,
    init: { method: "PATCH", body, headers: { "if-match": etag } },
    optimistic: (page) => replaceTask(page, { ...task, ...body, dueDate: body.dueDate === undefined ? task.dueDate : body.dueDate }),
    settle: replaceTask,
    undone,
  });

  const toggle = () => run(change({ completed: !task.completed }, task.etag, `“${task.title}” was not changed.`));

  async function rename(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = check(taskChangeSchema, { title: String(data.get("title") ?? ""), dueDate: String(data.get("dueDate") ?? "") });
    setLocal(input.ok ? undefined : input.fields);
    if (input.ok && (await run(change(input.data, state.conflict?.etag ?? task.etag, `“${task.title}” was not renamed.`)))) setMode("view");
  }

  async function remove() {
    const op: WriteOp<undefined> = {
      path,
      init: { method: "DELETE" },
      optimistic: (page) => ({ ...page, tasks: page.tasks.filter((t) => t.id !== task.id) }),
      settle: (page) => ({ ...page, tasks: page.tasks.filter((t) => t.id !== task.id) }),
      undone: `“${task.title}” was not deleted.`,
    };
    if (!(await run(op))) setMode("view");
  }

  // The last write again (after a countdown, or after a conflict on top of the task as it is now); done, back to the row.
  const retry = async (edit?: Parameters<typeof again>[0]) => {
    if (await again(edit)) setMode("view");
  };
  const applyAgain = () => retry((op) => ({ ...op, init: { ...op.init, headers: { "if-match": state.conflict!.etag } } }));
  const keepTheirs = () => {
    clear();
    setMode("view");
    void tasks.mutate();
  };
  const conflictChoices = (
    <>
      <button className="button" type="button" onClick={applyAgain} data-testid="apply-again">
        Apply my change again
      </button>{" "}
      <button type="button" onClick={keepTheirs} data-testid="keep-theirs">
        Keep theirs
      </button>
    </>
  );

  return (
    <TaskItem task={task} pending={task.id.startsWith("pending-")}>
      {task.id.startsWith("pending-") ? null : mode === "edit" ? (
        <form onSubmit={rename} data-testid="edit-task-form" noValidate style={{ width: "100%" }}>
          <TaskFields values={{ title: task.title, dueDate: task.dueDate }} errors={local ?? state.fields} idPrefix={`edit-${task.id.slice(-12)}`} />
          <WriteNotices state={state} onRetry={() => void retry()}>
            {conflictChoices}
          </WriteNotices>
          {state.conflict ? null : (
            <p>
              <button className="button" type="submit" disabled={pending} data-testid="save-task">
                {pending ? "Saving…" : "Save"}
              </button>{" "}
              <button type="button" onClick={() => (clear(), setMode("view"))}>
                Cancel
              </button>
            </p>
          )}
        </form>
      ) : mode === "delete" ? (
        <div role="alertdialog" aria-label="Delete task" data-testid="delete-task-form">
          <p>Delete “{task.title}”? This cannot be undone.</p>
          <button className="button" type="button" disabled={pending} onClick={remove} style={{ background: "var(--danger)" }} data-testid="confirm-delete">
            Delete
          </button>{" "}
          <button type="button" onClick={() => setMode("view")}>
            Cancel
          </button>
        </div>
      ) : (
        <>
          <WriteNotices state={state} onRetry={() => void retry()}>
            {conflictChoices}
          </WriteNotices>
          <button className="button" type="button" disabled={pending} onClick={toggle} data-testid="toggle-task">
            {task.completed ? "Mark not completed" : "Mark completed"}
          </button>{" "}
          <button type="button" onClick={() => (clear(), setMode("edit"))} data-testid="rename-task">
            Rename
          </button>{" "}
          <button type="button" onClick={() => (clear(), setMode("delete"))} data-testid="delete-task">
            Delete
          </button>
        </>
      )}
    </TaskItem>
  );
}
