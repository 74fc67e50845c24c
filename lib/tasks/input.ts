// What a user may send about a task, validated with zod on the server (route handlers, Server Actions)
// and, before an optimistic insert, in the SPA view: one set of rules and messages for every client.
// Pure (no server-only): the SPA bundle imports it too.
import { z } from "zod";

export const TITLE_MAX = 255;

/** Graph (Exchange) item ids: URL-safe base64; anything else never reaches Graph. */
export const graphId = z.string().regex(/^[A-Za-z0-9_=+-]{1,512}$/, "Not a valid id.");

/** One per form render (server mode) or add form (SPA): a resubmitted form creates one task, not two. */
export const idempotencyKey = z.string().regex(/^[A-Za-z0-9_-]{16,128}$/, "Not a valid idempotency key.");

const title = z
  .string({ error: "Enter a title." })
  .trim()
  .min(1, "Enter a title.")
  .max(TITLE_MAX, `Keep the title to ${TITLE_MAX} characters or fewer.`);

/** "YYYY-MM-DD" (an <input type="date">), a real calendar date; "", null or absent for none. */
const dueDate = z
  .string({ error: "Enter the due date as a date." })
  .trim()
  .refine((v) => v === "" || isCalendarDate(v), "Enter the due date as a date, like 2030-05-01.")
  .transform((v) => (v === "" ? null : v))
  .nullable();

function isCalendarDate(v: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v)) return false;
  const d = new Date(`${v}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v;
}

export const newTaskSchema = z.object({ title, dueDate: dueDate.optional() }).strict();
export type NewTask = z.output<typeof newTaskSchema>;

/** A change to a task: any of its editable fields (at least one). */
export const taskChangeSchema = z
  .object({
    title: title.optional(),
    dueDate: dueDate.optional(),
    completed: z.boolean({ error: "completed must be true or false." }).optional(),
  })
  .strict()
  .refine(
    (v) => v.title !== undefined || v.dueDate !== undefined || v.completed !== undefined,
    "Change at least one of title, dueDate, completed.",
  );
export type TaskChange = z.output<typeof taskChangeSchema>;

export type FieldErrors = Record<string, string>;

/** Checks a task form's two fields, read from FormData or from the values a Server Action kept. */
export function checkTaskFields<T>(schema: z.ZodType<T>, get: (name: "title" | "dueDate") => unknown): Checked<T> {
  return check(schema, { title: String(get("title") ?? ""), dueDate: String(get("dueDate") ?? "") });
}
export type Checked<T> = { ok: true; data: T } | { ok: false; fields: FieldErrors };

/** The first message per field (a body-level problem goes under "form"). */
export function check<T>(schema: z.ZodType<T>, value: unknown): Checked<T> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, data: result.data };
  const fields: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.code === "unrecognized_keys" ? "form" : String(issue.path[0] ?? "form");
    fields[field] ??=
      issue.code === "unrecognized_keys" ? `Unknown field(s): ${issue.keys.join(", ")}.` : issue.message;
  }
  return { ok: false, fields };
}
