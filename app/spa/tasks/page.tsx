import { PageHeader } from "@/app/components/PageHeader";
import { tasksView } from "@/lib/tasks/view";
import { TasksView } from "./TasksView";
import { PAGES } from "@/lib/pages";

export const metadata = { title: PAGES.tasks.title };

export default async function SpaTasksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const view = tasksView(await searchParams);
  return (
    <main>
      <PageHeader page="tasks" mode="spa" />
      <TasksView listId={view.list} />
    </main>
  );
}
