import { resolveCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { ifMatchOf, jsonInput, pathId, resolveWriteCaller } from "@/lib/api/write-request";
import { deleteTask, getTask, updateTask } from "@/lib/graph";
import { taskChangeSchema } from "@/lib/tasks/input";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

type Context = { params: Promise<{ listId: string; taskId: string }> };
const NO_STORE = { "cache-control": "private, no-store" };

async function ids(params: Context["params"]) {
  const p = await params;
  return { listId: pathId(p.listId, "list"), taskId: pathId(p.taskId, "task") };
}

export const GET = withApiErrors(async (request: Request, { params }: Context): Promise<Response> => {
  const caller = await resolveCaller(request);
  const { listId, taskId } = await ids(params);
  const task = await getTask(caller, listId, taskId);
  return Response.json(task, { headers: { ...NO_STORE, etag: task.etag } });
});

/** { title?, dueDate?, completed? } with If-Match: the etag read. 412 with `current` when it changed elsewhere. */
export const PATCH = withApiErrors(async (request: Request, { params }: Context): Promise<Response> => {
  const caller = await resolveWriteCaller(request);
  const { listId, taskId } = await ids(params);
  const etag = ifMatchOf(request);
  const task = await updateTask(caller, listId, taskId, etag, await jsonInput(request, taskChangeSchema));
  return Response.json(task, { headers: { ...NO_STORE, etag: task.etag } });
});

export const DELETE = withApiErrors(async (request: Request, { params }: Context): Promise<Response> => {
  const caller = await resolveWriteCaller(request);
  const { listId, taskId } = await ids(params);
  await deleteTask(caller, listId, taskId);
  return new Response(null, { status: 204, headers: NO_STORE });
});
