import { requireServiceCaller } from "@/lib/bearer";
import { errorResponse } from "@/lib/api/respond";
import { getDirectoryHealth } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  try {
    await requireServiceCaller(request);
    return Response.json(await getDirectoryHealth(), { headers: { "cache-control": "no-store" } });
  } catch (err) {
    return errorResponse(err, request);
  }
}
