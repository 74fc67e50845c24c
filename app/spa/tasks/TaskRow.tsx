"use client";
import { useState, type FormEvent, type ReactNode } from "react";
import type { Task, TaskPage } from "@/lib/graph/todo-types";
import { taskChangeSchema, type TaskChange } from "@/lib/tasks/input";
import type { ApiState } from "@/lib/spa/use-api";
import { TaskFields } from "@/app/components/tasks/TaskFields";
import { TaskItem } from "@/app/components/tasks/TaskItem";
import { useFieldCheck } from "./use-field-check";
import { replaceTask, useTaskWrite, type WriteOp, type WriteState } from "./use-task-write";
import { WriteNotices } from "@/app/components/tasks/WriteNotices";
import { pagePath } from "@/lib/pages";

// One task in the SPA view with its controls: mark completed / not completed, rename (in place), delete
// (after a confirmation). Changes are sent with the ETag the row shows (If-Match); when the task changed
// elsewhere the row shows it as it is now and offers to apply the change again.

type Mode = "view" | "edit" | "delete";

export function TaskRow({ task, listId, tasks }: { task: Task; listId: string; tasks: ApiState<TaskPage> }) {
  const [mode, setMode] = useState<Mode>("view");
  const write = useTaskWrite(tasks);
  const path = `/api/tasks/lists/${encodeURIComponent(listId)}/tasks/${encodeURIComponent(task.id)}`;
  const change = (body: TaskChange, etag: string, undone: string): WriteOp<Task> => ({
    path,
    init: { method: "PATCH", body, headers: { "if-match": etag } },
    optimistic: (page) =>
      replaceTask(page, { ...task, ...body, dueDate: body.dueDate === undefined ? task.dueDate : body.dueDate }),
    settle: replaceTask,
    undone,
  });
  // The last write again (after a countdown, or after a conflict on top of the task as it is now); done, back to the row.
  const retry = async (edit?: (op: WriteOp<unknown>) => WriteOp<unknown>) => {
    if (await write.again(edit)) setMode("view");
  };
  const to = (next: Mode) => () => (write.clear(), setMode(next));
  const notices = (
    <RowNotices state={write.state} retry={retry} keepTheirs={() => (to("view")(), void tasks.mutate())} />
  );

  const save = async (input: TaskChange) => {
    if (await write.run(change(input, write.state.conflict?.etag ?? task.etag, `“${task.title}” was not renamed.`)))
      setMode("view");
  };
  const remove = async () => {
    if (!(await write.run(removal(path, task)))) setMode("view"); // back to the row, where the notice shows
  };

  if (task.id.startsWith("pending-")) return <TaskItem task={task} pending />;
  return (
    <TaskItem task={task}>
      {mode === "edit" ? (
        <RenameForm
          task={task}
          state={write.state}
          pending={write.pending}
          notices={notices}
          onSave={save}
          onCancel={to("view")}
        />
      ) : mode === "delete" ? (
        <DeleteConfirm task={task} pending={write.pending} onDelete={remove} onCancel={to("view")} />
      ) : (
        <>
          {notices}
          <RowActions
            task={task}
            pending={write.pending}
            onToggle={() =>
              write.run(change({ completed: !task.completed }, task.etag, `“${task.title}” was not changed.`))
            }
            onRename={to("edit")}
            onDelete={to("delete")}
          />
        </>
      )}
    </TaskItem>
  );
}

/** The row's controls while it is only shown. */
function RowActions(props: {
  task: Task;
  pending: boolean;
  onToggle: () => unknown;
  onRename: () => void;
  onDelete: () => void;
}) {
  return (
    <>
      <button
        className="button"
        type="button"
        disabled={props.pending}
        onClick={props.onToggle}
        data-testid="toggle-task"
      >
        {props.task.completed ? "Mark not completed" : "Mark completed"}
      </button>{" "}
      <button className="link-like" type="button" onClick={props.onRename} data-testid="rename-task">
        Rename
      </button>{" "}
      <button className="link-like" type="button" onClick={props.onDelete} data-testid="delete-task">
        Delete
      </button>
    </>
  );
}

function removal(path: string, task: Task): WriteOp<undefined> {
  const without = (page: TaskPage) => ({ ...page, tasks: page.tasks.filter((t) => t.id !== task.id) });
  return {
    path,
    init: { method: "DELETE" },
    optimistic: without,
    settle: without,
    undone: `“${task.title}” was not deleted.`,
  };
}

/** A failed write's notices; after a conflict, the choice to apply the change again or keep the task as it is. */
function RowNotices({
  state,
  retry,
  keepTheirs,
}: {
  state: WriteState;
  retry: (edit?: (op: WriteOp<unknown>) => WriteOp<unknown>) => Promise<void>;
  keepTheirs: () => void;
}) {
  const applyAgain = () =>
    retry((op) => ({ ...op, init: { ...op.init, headers: { "if-match": state.conflict!.etag } } }));
  return (
    <WriteNotices state={state} onRetry={() => void retry()} returnTo={pagePath("tasks")}>
      <button className="button" type="button" onClick={() => void applyAgain()} data-testid="apply-again">
        Apply my change again
      </button>{" "}
      <button className="link-like" type="button" onClick={keepTheirs} data-testid="keep-theirs">
        Keep theirs
      </button>
    </WriteNotices>
  );
}

function RenameForm(props: {
  task: Task;
  state: WriteState;
  pending: boolean;
  notices: ReactNode;
  onSave: (input: TaskChange) => unknown;
  onCancel: () => void;
}) {
  const { task, state, pending } = props;
  const { local, read } = useFieldCheck(taskChangeSchema);
  function submit(event: FormEvent<HTMLFormElement>) {
    const input = read(event);
    if (input) void props.onSave(input);
  }
  return (
    <form onSubmit={submit} className="task-edit" data-testid="edit-task-form" noValidate>
      <TaskFields
        values={{ title: task.title, dueDate: task.dueDate }}
        errors={local ?? state.fields}
        idPrefix={`edit-${task.id.slice(-12)}`}
      />
      {props.notices}
      {state.conflict ? null : (
        <p>
          <button className="button" type="submit" disabled={pending} data-testid="save-task">
            {pending ? "Saving…" : "Save"}
          </button>{" "}
          <button className="link-like" type="button" onClick={props.onCancel}>
            Cancel
          </button>
        </p>
      )}
    </form>
  );
}

function DeleteConfirm({
  task,
  pending,
  onDelete,
  onCancel,
}: {
  task: Task;
  pending: boolean;
  onDelete: () => unknown;
  onCancel: () => void;
}) {
  return (
    <div role="alertdialog" aria-label="Delete task" data-testid="delete-task-form">
      <p>Delete “{task.title}”? This cannot be undone.</p>
      <button
        className="button button-danger"
        type="button"
        disabled={pending}
        onClick={() => void onDelete()}
        data-testid="confirm-delete"
      >
        Delete
      </button>{" "}
      <button className="link-like" type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
