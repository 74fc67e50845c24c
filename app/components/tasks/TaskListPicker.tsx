import type { TaskList } from "@/lib/graph/todo-types";
import { tasksHref } from "@/lib/tasks/view";

// The user's To Do lists as links (?list=…), so picking one works the same with or without JavaScript
// and in both modes.
export function TaskListPicker({ lists, selectedId }: { lists: TaskList[]; selectedId: string }) {
  return (
    <nav aria-label="Task lists" className="subnav" data-testid="task-lists">
      {lists.map((l) => (
        <a
          key={l.id}
          href={tasksHref({ list: l.id })}
          aria-current={l.id === selectedId ? "page" : undefined}
          data-testid="task-list-link"
        >
          {l.displayName || "Untitled list"}
        </a>
      ))}
    </nav>
  );
}
