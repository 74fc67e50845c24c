import { resolveCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { getMyGroups } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = withApiErrors(async (request: Request): Promise<Response> => {
  const { groups, total, truncated, source } = await getMyGroups(await resolveCaller(request));
  return Response.json({ groups, total, truncated, source }, { headers: { "cache-control": "private, no-store" } });
});
