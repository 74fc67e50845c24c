import { resolveCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { idempotencyKeyOf, jsonInput, pathId, resolveWriteCaller } from "@/lib/api/write-request";
import { createTask, listTasks } from "@/lib/graph";
import { newTaskSchema } from "@/lib/tasks/input";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ listId: string }> };
const NO_STORE = { "cache-control": "private, no-store" };

/** One list and its tasks. */
export const GET = withApiErrors(async (request: Request, { params }: Context): Promise<Response> => {
  const caller = await resolveCaller(request);
  return Response.json(await listTasks(caller, pathId((await params).listId, "list")), { headers: NO_STORE });
});

/** { title, dueDate? } → 201 with the task. The same Idempotency-Key and body again → the same task, not a second one. */
export const POST = withApiErrors(async (request: Request, { params }: Context): Promise<Response> => {
  const caller = await resolveWriteCaller(request);
  const listId = pathId((await params).listId, "list");
  const { task, replayed } = await createTask(
    caller,
    listId,
    await jsonInput(request, newTaskSchema),
    idempotencyKeyOf(request),
  );
  return Response.json(task, {
    status: 201,
    headers: { ...NO_STORE, etag: task.etag, ...(replayed ? { "idempotent-replayed": "true" } : {}) },
  });
});
