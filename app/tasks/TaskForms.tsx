"use client";
import { useActionState, useRef } from "react";
import type { Task } from "@/lib/graph/todo-types";
import { tasksHref } from "@/lib/tasks/view";
import { AddTaskButton } from "@/app/components/tasks/AddTaskButton";
import { TaskFields } from "@/app/components/tasks/TaskFields";
import { WriteNotices } from "@/app/components/tasks/WriteNotices";
import { createTaskAction, deleteTaskAction, updateTaskAction } from "./actions";
import { INITIAL_FORM_STATE, type TaskFormState } from "./form-state";

// The server mode's forms. Each posts to a Server Action: a plain <form method="post"> before hydration
// or without JavaScript (the action redirects), a fetch with it (the page updates in place). The answer
// (errors, a retry, a conflict) comes back as state and is shown inside the form that was sent.

type Action = (prev: TaskFormState, form: FormData) => Promise<TaskFormState>;

function useTaskForm(action: Action) {
  const [state, formAction, pending] = useActionState(action, INITIAL_FORM_STATE);
  const ref = useRef<HTMLFormElement>(null);
  // Once Retry-After has passed, send the same form again (its input is still in it).
  const retry = () => ref.current?.requestSubmit();
  return { state, formAction, pending, ref, retry };
}

export function AddTaskForm({ listId, idempotencyKey }: { listId: string; idempotencyKey: string }) {
  const { state, formAction, pending, ref, retry } = useTaskForm(createTaskAction);
  // After a failure the key the user's attempt used stays with the form: its retry is the same request.
  const key = state.done ? idempotencyKey : (state.values?.idempotencyKey ?? idempotencyKey);
  return (
    <form ref={ref} action={formAction} className="card" data-testid="add-task-form" noValidate>
      <input type="hidden" name="listId" value={listId} />
      <input type="hidden" name="idempotencyKey" value={key} />
      <TaskFields values={state.done ? {} : (state.values ?? {})} errors={state.fields} idPrefix="new-task" />
      <WriteNotices state={state} onRetry={retry} returnTo={tasksHref({ list: listId })} />
      <AddTaskButton pending={pending} />
    </form>
  );
}

/** Mark completed / not completed: one button, with the ETag the row was rendered with. */
export function ToggleTaskForm({ task, listId }: { task: Task; listId: string }) {
  const { state, formAction, pending, ref, retry } = useTaskForm(updateTaskAction);
  const live = state.done ? undefined : state;
  const completed = live?.values?.completed ?? String(!task.completed);
  const etag = live?.conflict?.etag ?? live?.values?.etag ?? task.etag;
  return (
    <form ref={ref} action={formAction} className="inline-form" data-testid="toggle-task-form">
      <input type="hidden" name="listId" value={listId} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="etag" value={etag} />
      <input type="hidden" name="completed" value={completed} />
      {live ? (
        <WriteNotices state={live} onRetry={retry} returnTo={tasksHref({ list: listId })}>
          <button className="button" type="submit" data-testid="apply-again">
            {completed === "true" ? "Mark completed anyway" : "Mark not completed anyway"}
          </button>{" "}
          <a href={tasksHref({ list: listId })}>Keep it as it is</a>
        </WriteNotices>
      ) : null}
      {live?.conflict ? null : (
        <button className="button" type="submit" disabled={pending} data-testid="toggle-task">
          {completed === "true" ? "Mark completed" : "Mark not completed"}
        </button>
      )}
    </form>
  );
}

/** Rename (and change the due date) in place of the row: ?edit=<task id>. */
export function EditTaskForm({ task, listId }: { task: Task; listId: string }) {
  const { state, formAction, pending, ref, retry } = useTaskForm(updateTaskAction);
  const etag = state.conflict?.etag ?? state.values?.etag ?? task.etag;
  const values = state.values ?? { title: task.title, dueDate: task.dueDate ?? "" };
  return (
    <form ref={ref} action={formAction} data-testid="edit-task-form" noValidate>
      <input type="hidden" name="listId" value={listId} />
      <input type="hidden" name="taskId" value={task.id} />
      <input type="hidden" name="etag" value={etag} />
      <TaskFields values={values} errors={state.fields} idPrefix={`edit-${task.id.slice(-12)}`} />
      <WriteNotices state={state} onRetry={retry} returnTo={tasksHref({ list: listId, edit: task.id })}>
        <button className="button" type="submit" data-testid="apply-again">
          Apply my change again
        </button>{" "}
        <a href={tasksHref({ list: listId })}>Keep theirs</a>
      </WriteNotices>
      {state.conflict ? null : (
        <p>
          <button className="button" type="submit" disabled={pending} data-testid="save-task">
            {pending ? "Saving…" : "Save"}
          </button>{" "}
          <a href={tasksHref({ list: listId })}>Cancel</a>
        </p>
      )}
    </form>
  );
}

/** The confirmation step of a delete: ?delete=<task id> shows it, this form does it. */
export function DeleteTaskForm({ task, listId }: { task: Task; listId: string }) {
  const { state, formAction, pending, ref, retry } = useTaskForm(deleteTaskAction);
  return (
    <form ref={ref} action={formAction} role="alertdialog" aria-label="Delete task" data-testid="delete-task-form">
      <input type="hidden" name="listId" value={listId} />
      <input type="hidden" name="taskId" value={task.id} />
      <p>Delete “{task.title}”? This cannot be undone.</p>
      <WriteNotices state={state} onRetry={retry} returnTo={tasksHref({ list: listId })} />
      <button className="button button-danger" type="submit" disabled={pending} data-testid="confirm-delete">
        {pending ? "Deleting…" : "Delete"}
      </button>{" "}
      <a href={tasksHref({ list: listId })}>Cancel</a>
    </form>
  );
}
