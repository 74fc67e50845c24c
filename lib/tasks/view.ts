// Where the Tasks page is, in its URL: the list shown and the task being renamed or deleted. Both modes
// read the same query (?list=…&edit=…&delete=…), so a link works in either. Pure.
import { graphId } from "./input";
import { pagePath } from "@/lib/pages";

export interface TasksView {
  list?: string;
  edit?: string;
  delete?: string;
}

type Search = Record<string, string | string[] | undefined>;

/** The view a query asks for; ids that are not Graph ids are dropped. */
export function tasksView(search: Search | URLSearchParams): TasksView {
  const get = (k: keyof TasksView) => {
    const v = search instanceof URLSearchParams ? search.get(k) : search[k];
    return typeof v === "string" && graphId.safeParse(v).success ? v : undefined;
  };
  return { list: get("list"), edit: get("edit"), delete: get("delete") };
}

export function tasksHref(view: TasksView): string {
  const p = new URLSearchParams();
  for (const k of ["list", "edit", "delete"] as const) if (view[k]) p.set(k, view[k]!);
  const q = p.toString();
  return q ? `${pagePath("tasks")}?${q}` : pagePath("tasks");
}
