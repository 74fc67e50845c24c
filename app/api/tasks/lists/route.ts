import { resolveCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { listTaskLists } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The user's Microsoft To Do lists, the default one first. */
export const GET = withApiErrors(async (request: Request): Promise<Response> => {
  const caller = await resolveCaller(request);
  return Response.json(await listTaskLists(caller), { headers: { "cache-control": "private, no-store" } });
});
