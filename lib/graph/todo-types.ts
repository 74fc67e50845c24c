// Microsoft To Do as Graph carries it (todoTaskList, todoTask) and as the app shows it, kept apart.

export interface GraphDateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface GraphTodoTaskList {
  id: string;
  displayName?: string | null;
  wellknownListName?: "none" | "defaultList" | "flaggedEmails" | "unknownFutureValue" | null;
}

export interface GraphTodoTask {
  id: string;
  "@odata.etag"?: string;
  title?: string | null;
  status?: string | null;
  dueDateTime?: GraphDateTimeTimeZone | null;
  createdDateTime?: string | null;
  lastModifiedDateTime?: string | null;
}

/** One of the user's To Do lists. */
export interface TaskList {
  id: string;
  displayName: string;
  /** The user's default "Tasks" list: where the page opens. */
  isDefault: boolean;
}

/** A task as both page modes show and edit it. */
export interface Task {
  id: string;
  title: string;
  completed: boolean;
  /** "YYYY-MM-DD", or null when the task has no due date. */
  dueDate: string | null;
  createdDateTime: string;
  /** Graph's @odata.etag: sent back in If-Match, so a change made elsewhere meanwhile is not overwritten. */
  etag: string;
}

/** One list's tasks: open ones first, newest first within each group. */
export interface TaskPage {
  list: TaskList;
  tasks: Task[];
  /** true when the list holds more tasks than the page shows. */
  truncated: boolean;
}
