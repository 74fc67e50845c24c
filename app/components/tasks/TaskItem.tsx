import type { ReactNode } from "react";
import type { Task } from "@/lib/graph/todo-types";

// One task as both modes show it; each mode passes its own controls (forms posting to Server Actions,
// or buttons calling the API) as children.
export function TaskItem({ task, pending = false, children }: { task: Task; pending?: boolean; children?: ReactNode }) {
  return (
    <li
      className="task-row"
      data-testid="task-row"
      data-task-id={task.id}
      data-completed={task.completed}
      data-pending={pending || undefined}
    >
      <div className="task-line">
        <span className="task-title" data-testid="task-title">
          {task.title}
        </span>
        {task.dueDate ? (
          <span className="muted" data-testid="task-due">
            due {task.dueDate}
          </span>
        ) : null}
        {task.completed ? <span className="badge">completed</span> : null}
        {pending ? <span className="muted">saving…</span> : null}
      </div>
      {children ? <div className="task-actions">{children}</div> : null}
    </li>
  );
}
