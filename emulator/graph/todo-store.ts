// Microsoft To Do data behind the emulated Graph: each user's task lists (a default "Tasks" list made on
// first use, as Exchange does for a new mailbox) and their tasks. Every write gets a new change key,
// which Graph shows as `@odata.etag` and checks against If-Match. One store per emulator context.
import { randomBytes } from "node:crypto";
import type { EmulatorContext } from "../context.ts";

export const TASK_STATUSES = ["notStarted", "inProgress", "completed", "waitingOnOthers", "deferred"] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const IMPORTANCES = ["low", "normal", "high"] as const;

export interface DateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export interface StoredTask {
  id: string;
  changeKey: string;
  title: string;
  status: TaskStatus;
  importance: (typeof IMPORTANCES)[number];
  isReminderOn: boolean;
  body: { content: string; contentType: "text" | "html" };
  categories: string[];
  dueDateTime?: DateTimeTimeZone;
  completedDateTime?: DateTimeTimeZone;
  createdDateTime: string;
  lastModifiedDateTime: string;
}

export interface StoredList {
  id: string;
  changeKey: string;
  ownerOid: string;
  displayName: string;
  wellknownListName: "defaultList" | "none";
  tasks: Map<string, StoredTask>;
}

// Exchange item ids: URL-safe base64 of a long binary id; clients treat them as opaque.
const exchangeId = () => `AAMkAG${randomBytes(45).toString("base64url")}AAA=`;
const newChangeKey = () => randomBytes(16).toString("base64");

/** Graph's weak ETag for an item's change key, e.g. W/"xzyPKP0BiUGgld+lMKXwbQAAnBoTIw==". */
export const etagOf = (item: { changeKey: string }) => `W/"${item.changeKey}"`;

/** Graph's timestamps: UTC with seven fractional digits. */
export function graphTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$10000Z");
}

export class TodoStore {
  private lists = new Map<string, StoredList>();
  private readonly provisioned = new Set<string>();

  constructor(private readonly ctx: EmulatorContext) {}

  private now(): string {
    return graphTimestamp(this.ctx.clock.nowMs());
  }

  /** The user's lists, oldest first; the default list is created the first time they are asked for. */
  listsOf(userOid: string): StoredList[] {
    if (!this.provisioned.has(userOid)) {
      this.provisioned.add(userOid);
      this.createList(userOid, "Tasks", "defaultList");
    }
    return [...this.lists.values()].filter((l) => l.ownerOid === userOid);
  }

  /** A list of this user's, or undefined (another user's list is as unknown as a made-up id). */
  findList(userOid: string, listId: string): StoredList | undefined {
    return this.listsOf(userOid).find((l) => l.id === listId);
  }

  addList(userOid: string, displayName: string): StoredList {
    this.listsOf(userOid);
    return this.createList(userOid, displayName, "none");
  }

  private createList(
    userOid: string,
    displayName: string,
    wellknownListName: StoredList["wellknownListName"],
  ): StoredList {
    const list: StoredList = {
      id: exchangeId(),
      changeKey: newChangeKey(),
      ownerOid: userOid,
      displayName,
      wellknownListName,
      tasks: new Map(),
    };
    this.lists.set(list.id, list);
    return list;
  }

  addTask(
    list: StoredList,
    fields: Partial<Omit<StoredTask, "id" | "changeKey" | "createdDateTime" | "lastModifiedDateTime">>,
  ): StoredTask {
    const now = this.now();
    const task: StoredTask = {
      id: exchangeId(),
      changeKey: newChangeKey(),
      title: "",
      status: "notStarted",
      importance: "normal",
      isReminderOn: false,
      body: { content: "", contentType: "text" },
      categories: [],
      createdDateTime: now,
      lastModifiedDateTime: now,
      ...fields,
    };
    if (task.status === "completed" && !task.completedDateTime)
      task.completedDateTime = { dateTime: now.replace(/Z$/, ""), timeZone: "UTC" };
    list.tasks.set(task.id, task);
    return task;
  }

  /** Applies a validated patch; every write changes the change key (and so the ETag). */
  updateTask(task: StoredTask, patch: Partial<StoredTask>): StoredTask {
    const now = this.now();
    const wasCompleted = task.status === "completed";
    Object.assign(task, patch);
    if ("dueDateTime" in patch && patch.dueDateTime === undefined) delete task.dueDateTime;
    if (task.status === "completed" && !wasCompleted)
      task.completedDateTime = { dateTime: now.replace(/Z$/, ""), timeZone: "UTC" };
    if (task.status !== "completed") delete task.completedDateTime;
    task.lastModifiedDateTime = now;
    task.changeKey = newChangeKey();
    return task;
  }

  reset(): void {
    this.lists.clear();
    this.provisioned.clear();
  }
}

const stores = new WeakMap<EmulatorContext, TodoStore>();

export function todoStore(ctx: EmulatorContext): TodoStore {
  let store = stores.get(ctx);
  if (!store) stores.set(ctx, (store = new TodoStore(ctx)));
  return store;
}
