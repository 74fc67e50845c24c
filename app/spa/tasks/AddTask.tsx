"use client";
import { useRef, useState, type FormEvent } from "react";
import type { Task, TaskPage } from "@/lib/graph/todo-types";
import { check, newTaskSchema, type FieldErrors } from "@/lib/tasks/input";
import type { ApiState } from "@/lib/spa/use-api";
import { TaskFields } from "@/app/components/tasks/TaskFields";
import { useTaskWrite } from "./use-task-write";
import { WriteNotices } from "./WriteNotices";

const newKey = () => crypto.randomUUID();

// Add a task, SPA style: checked with the API's own rules, shown in the list at once (optimistic), and
// taken out again with a notice if the API refuses it. One idempotency key per form: a retry of a
// failed add is the same request, so it can never add the task twice.
export function AddTask({ listId, tasks }: { listId: string; tasks: ApiState<TaskPage> }) {
  const form = useRef<HTMLFormElement>(null);
  const [key, setKey] = useState(newKey);
  const [local, setLocal] = useState<FieldErrors | undefined>();
  const { state, pending, run } = useTaskWrite(tasks);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const input = check(newTaskSchema, {
      title: String(data.get("title") ?? ""),
      dueDate: String(data.get("dueDate") ?? ""),
    });
    setLocal(input.ok ? undefined : input.fields);
    if (!input.ok) return;
    const placeholder: Task = {
      id: `pending-${key}`,
      title: input.data.title,
      completed: false,
      dueDate: input.data.dueDate ?? null,
      createdDateTime: new Date().toISOString(),
      etag: "",
    };
    const added = await run<Task>({
      path: `/api/tasks/lists/${encodeURIComponent(listId)}/tasks`,
      init: {
        method: "POST",
        body: { title: input.data.title, ...(input.data.dueDate ? { dueDate: input.data.dueDate } : {}) },
        headers: { "idempotency-key": key },
      },
      optimistic: (page) => ({ ...page, tasks: [placeholder, ...page.tasks] }),
      settle: (page, created) => ({
        ...page,
        tasks: [created, ...page.tasks.filter((t) => t.id !== created.id && t.id !== placeholder.id)],
      }),
      undone: `“${input.data.title}” was not added.`,
    });
    if (added) {
      form.current?.reset();
      setKey(newKey());
    }
  }

  return (
    <form ref={form} onSubmit={submit} className="card" data-testid="add-task-form" noValidate>
      <TaskFields values={{}} errors={local ?? state.fields} idPrefix="new-task" />
      <WriteNotices state={state} onRetry={() => form.current?.requestSubmit()} />
      <p className="task-submit">
        <button className="button" type="submit" disabled={pending} data-testid="add-task">
          {pending ? "Adding…" : "Add task"}
        </button>
      </p>
    </form>
  );
}
