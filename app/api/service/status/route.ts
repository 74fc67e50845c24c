import { requireServiceCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { getDirectoryHealth } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = withApiErrors(async (request: Request): Promise<Response> => {
  await requireServiceCaller(request);
  return Response.json(await getDirectoryHealth(), { headers: { "cache-control": "no-store" } });
});
