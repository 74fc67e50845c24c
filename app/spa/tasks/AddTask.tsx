"use client";
import { useRef, useState, type FormEvent } from "react";
import type { Task, TaskPage } from "@/lib/graph/todo-types";
import { newTaskSchema } from "@/lib/tasks/input";
import type { ApiState } from "@/lib/spa/use-api";
import { TaskFields } from "@/app/components/tasks/TaskFields";
import { useFieldCheck } from "./use-field-check";
import { useTaskWrite } from "./use-task-write";
import { AddTaskButton } from "@/app/components/tasks/AddTaskButton";
import { WriteNotices } from "@/app/components/tasks/WriteNotices";
import { pagePath } from "@/lib/pages";

const newKey = () => crypto.randomUUID();

// Add a task, SPA style: checked with the API's own rules, shown in the list at once (optimistic), and
// taken out again with a notice if the API refuses it. One idempotency key per form: a retry of a
// failed add is the same request, so it can never add the task twice.
export function AddTask({ listId, tasks }: { listId: string; tasks: ApiState<TaskPage> }) {
  const form = useRef<HTMLFormElement>(null);
  const [key, setKey] = useState(newKey);
  const { local, read } = useFieldCheck(newTaskSchema);
  const { state, pending, run } = useTaskWrite(tasks);

  async function submit(event: FormEvent<HTMLFormElement>) {
    const input = read(event);
    if (!input) return;
    const placeholder: Task = {
      id: `pending-${key}`,
      title: input.title,
      completed: false,
      dueDate: input.dueDate ?? null,
      createdDateTime: new Date().toISOString(),
      etag: "",
    };
    const added = await run<Task>({
      path: `/api/tasks/lists/${encodeURIComponent(listId)}/tasks`,
      init: {
        method: "POST",
        body: { title: input.title, ...(input.dueDate ? { dueDate: input.dueDate } : {}) },
        headers: { "idempotency-key": key },
      },
      optimistic: (page) => ({ ...page, tasks: [placeholder, ...page.tasks] }),
      settle: (page, created) => ({
        ...page,
        tasks: [created, ...page.tasks.filter((t) => t.id !== created.id && t.id !== placeholder.id)],
      }),
      undone: `“${input.title}” was not added.`,
    });
    if (added) {
      form.current?.reset();
      setKey(newKey());
    }
  }

  return (
    <form ref={form} onSubmit={submit} className="card" data-testid="add-task-form" noValidate>
      <TaskFields values={{}} errors={local ?? state.fields} idPrefix="new-task" />
      <WriteNotices state={state} onRetry={() => form.current?.requestSubmit()} returnTo={pagePath("tasks")} />
      <AddTaskButton pending={pending} />
    </form>
  );
}
