import { resolveCaller } from "@/lib/bearer";
import { errorResponse } from "@/lib/api/respond";
import { listTaskLists } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** The user's Microsoft To Do lists, the default one first. */
export async function GET(request: Request): Promise<Response> {
  try {
    const caller = await resolveCaller(request);
    return Response.json(await listTaskLists(caller), { headers: { "cache-control": "private, no-store" } });
  } catch (err) {
    return errorResponse(err, request);
  }
}
