import type { Problem } from "@/lib/errors";
import type { Task } from "@/lib/graph/todo-types";
import type { FieldErrors } from "@/lib/tasks/input";

// What a Tasks Server Action answers when it does not redirect: like Razor's ModelState, the user's
// input (`values`) and what went wrong, shown beside the fields. The same with and without JavaScript.
export interface TaskFormState {
  /** One more per answer: restarts a retry countdown, and tells a new answer from the last. */
  seq: number;
  /** Saved, and the page refreshed in place (JavaScript only; without it the action redirects). */
  done?: boolean;
  values?: Record<string, string>;
  fields?: FieldErrors;
  /** Graph throttled or was unavailable: nothing was written; try again after `seconds`. */
  retry?: { seconds: number; message: string };
  /** The task changed elsewhere since the form was rendered (412): as it is now. */
  conflict?: Task;
  problem?: Problem;
}

export const INITIAL_FORM_STATE: TaskFormState = { seq: 0 };
