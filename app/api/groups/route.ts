import { resolveCaller } from "@/lib/bearer";
import { errorResponse } from "@/lib/api/respond";
import { getMyGroups } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  try {
    const { groups, total, truncated, source } = await getMyGroups(await resolveCaller(request));
    return Response.json({ groups, total, truncated, source }, { headers: { "cache-control": "private, no-store" } });
  } catch (err) {
    return errorResponse(err, request);
  }
}
