import { resolveCaller } from "@/lib/bearer";
import { errorResponse } from "@/lib/api/respond";
import { getMe } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  try {
    const caller = await resolveCaller(request);
    return Response.json(await getMe(caller), { headers: { "cache-control": "private, no-store" } });
  } catch (err) {
    return errorResponse(err, request);
  }
}
