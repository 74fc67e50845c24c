import type { ReactNode } from "react";
import type { Task } from "@/lib/graph/todo-types";

// Someone changed the task elsewhere after this page read it (Graph answered 412 to our If-Match): show
// it as it is now; the children offer to apply the user's change again on top of it, or to keep it.
export function ConflictNotice({ current, children }: { current: Task; children: ReactNode }) {
  return (
    <div role="alert" className="task-conflict" data-testid="conflict">
      <p className="error">This task changed since you opened it.</p>
      <p className="muted">
        It is now: <strong data-testid="conflict-title">{current.title}</strong>
        {current.dueDate ? `, due ${current.dueDate}` : ", no due date"},{" "}
        {current.completed ? "completed" : "not completed"}.
      </p>
      {children}
    </div>
  );
}
