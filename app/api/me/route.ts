import { resolveCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { getMe } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = withApiErrors(async (request: Request): Promise<Response> => {
  const caller = await resolveCaller(request);
  return Response.json(await getMe(caller), { headers: { "cache-control": "private, no-store" } });
});
