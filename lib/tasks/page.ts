// The Tasks page's registration, in one object so it moves into the page registry as it is: the flag
// name (lib/flags PAGES), the header's nav label, the home page's description, the title both modes show,
// and the API both modes call (its Graph permission, added after the first consent, is in
// lib/incremental-scopes.ts). Pure.
export const TASKS_PAGE = {
  name: "tasks",
  path: "/tasks",
  title: "Tasks",
  navLabel: "Tasks",
  description: "your Microsoft To Do tasks: add, rename, complete and delete them",
  apiPath: "/api/tasks/lists",
} as const;
