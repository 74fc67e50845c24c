"use client";
import type { TaskList, TaskPage } from "@/lib/graph/todo-types";
import { PAGES } from "@/lib/pages";
import { tasksHref } from "@/lib/tasks/view";
import { useApi } from "@/lib/spa/use-api";
import { LoadingCard } from "@/app/components/LoadingCard";
import { PageLoadBeacon } from "@/app/components/PageLoadBeacon";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { TaskListPicker } from "@/app/components/tasks/TaskListPicker";
import { AddTask } from "./AddTask";
import { TaskRow } from "./TaskRow";

// The Tasks page in SPA mode: the same /api/tasks routes as any client, with this tab's bearer token,
// through SWR (the list is one cache entry that writes update optimistically).
export function TasksView({ listId: wanted }: { listId?: string }) {
  const lists = useApi<TaskList[]>(PAGES.tasks.api);
  const selected = lists.data?.find((l) => l.id === wanted) ?? lists.data?.[0];
  const tasks = useApi<TaskPage>(selected ? `${PAGES.tasks.api}/${encodeURIComponent(selected.id)}/tasks` : null);
  const error = lists.error ?? tasks.error;
  // The load is reported once, with the first data or problem on screen (as the server page does).
  const loaded = <PageLoadBeacon page="tasks" mode="spa" problem={error} />;
  if (error)
    return (
      <>
        <ProblemNotice problem={error} retryHref={tasksHref({ list: wanted })} />
        {loaded}
      </>
    );
  if (lists.data && !selected)
    return (
      <>
        <p className="card muted">You have no task lists in Microsoft To Do.</p>
        {loaded}
      </>
    );
  if (!lists.data || !tasks.data || !selected) return <LoadingCard />;
  const page = tasks.data;
  return (
    <>
      <TaskListPicker lists={lists.data} selectedId={selected.id} />
      {loaded}
      {wanted && wanted !== selected.id ? (
        <p className="muted">That list no longer exists; here is {selected.displayName}.</p>
      ) : null}
      <AddTask key={selected.id} listId={selected.id} tasks={tasks} />
      {page.tasks.length === 0 ? (
        <p className="card muted" data-testid="tasks-empty">
          No tasks in {page.list.displayName} yet.
        </p>
      ) : (
        <ul className="card task-list" data-testid="task-rows">
          {page.tasks.map((task) => (
            <TaskRow key={task.id} task={task} listId={selected.id} tasks={tasks} />
          ))}
          {page.truncated ? <li className="muted">Showing the first {page.tasks.length} tasks.</li> : null}
        </ul>
      )}
    </>
  );
}
