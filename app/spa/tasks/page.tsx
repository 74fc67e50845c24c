import { ModeBadge } from "@/app/components/ModeBadge";
import { TASKS_PAGE } from "@/lib/tasks/page";
import { tasksView } from "@/lib/tasks/view";
import { TasksView } from "./TasksView";

export default async function SpaTasksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const view = tasksView(await searchParams);
  return (
    <main>
      <h1>{TASKS_PAGE.title}</h1>
      <ModeBadge page="tasks" mode="spa" />
      <TasksView listId={view.list} />
    </main>
  );
}
