import { randomUUID } from "node:crypto";
import { requireUser } from "@/lib/session";
import type { UserCaller } from "@/lib/bearer";
import { loadAsUser } from "@/lib/api/page";
import { AppError } from "@/lib/errors";
import { listTaskLists, listTasks } from "@/lib/graph";
import { tasksHref, tasksView, type TasksView } from "@/lib/tasks/view";
import { PageHeader } from "@/app/components/PageHeader";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { TaskItem } from "@/app/components/tasks/TaskItem";
import { TaskListPicker } from "@/app/components/tasks/TaskListPicker";
import { AddTaskForm, DeleteTaskForm, EditTaskForm, ToggleTaskForm } from "./TaskForms";
import { PAGES } from "@/lib/pages";

export const dynamic = "force-dynamic";

function unlessNotFound(err: unknown): undefined {
  if (err instanceof AppError && err.code === "ERR_NOT_FOUND") return undefined;
  throw err;
}

async function load(caller: UserCaller, view: TasksView) {
  // The list in the URL is read beside the lists; a stale one falls back to the default list.
  const [lists, wanted] = await Promise.all([
    listTaskLists(caller),
    view.list ? listTasks(caller, view.list).catch(unlessNotFound) : undefined,
  ]);
  if (wanted) return { lists, page: wanted, missing: false };
  const fallback = lists.find((l) => l.isDefault) ?? lists[0];
  return { lists, page: fallback ? await listTasks(caller, fallback.id) : undefined, missing: Boolean(view.list) };
}

export const metadata = { title: PAGES.tasks.title };

export default async function TasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const view = tasksView(await searchParams);
  const here = tasksHref(view);
  await requireUser(here);
  const result = await loadAsUser(here, (caller) => load(caller, view));
  return (
    <main>
      <PageHeader page="tasks" mode="server" />
      {!result.ok ? (
        <ProblemNotice problem={result.problem} retryHref={here} />
      ) : !result.data.page ? (
        <p className="card muted">You have no task lists in Microsoft To Do.</p>
      ) : (
        <>
          <TaskListPicker lists={result.data.lists} selectedId={result.data.page.list.id} />
          {result.data.missing ? (
            <p className="muted">That list no longer exists; here is {result.data.page.list.displayName}.</p>
          ) : null}
          {/* A new key per render: the form sent twice (double click, Back and resubmit) creates one task. */}
          <AddTaskForm listId={result.data.page.list.id} idempotencyKey={randomUUID()} />
          <TaskRows page={result.data.page} view={view} />
        </>
      )}
      <PageLoadBeacon page="tasks" mode="server" problem={result.ok ? undefined : result.problem} />
    </main>
  );
}

function TaskRows({ page, view }: { page: NonNullable<Awaited<ReturnType<typeof load>>["page"]>; view: TasksView }) {
  const listId = page.list.id;
  if (page.tasks.length === 0)
    return (
      <p className="card muted" data-testid="tasks-empty">
        No tasks in {page.list.displayName} yet.
      </p>
    );
  return (
    <ul className="card task-list" data-testid="task-rows">
      {page.tasks.map((task) => (
        <TaskItem key={task.id} task={task}>
          {view.edit === task.id ? (
            <EditTaskForm task={task} listId={listId} />
          ) : view.delete === task.id ? (
            <DeleteTaskForm task={task} listId={listId} />
          ) : (
            <>
              <ToggleTaskForm task={task} listId={listId} />{" "}
              <a href={tasksHref({ list: listId, edit: task.id })} data-testid="rename-task">
                Rename
              </a>{" "}
              <a href={tasksHref({ list: listId, delete: task.id })} data-testid="delete-task">
                Delete
              </a>
            </>
          )}
        </TaskItem>
      ))}
      {page.truncated ? <li className="muted">Showing the first {page.tasks.length} tasks.</li> : null}
    </ul>
  );
}
