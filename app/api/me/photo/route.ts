import { resolveCaller } from "@/lib/auth/caller";
import { errorResponse } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { getMyPhoto } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(request: Request): Promise<Response> {
  try {
    const photo = await getMyPhoto(await resolveCaller(request));
    if (!photo) throw new AppError("ERR_NOT_FOUND", {}, { message: "This user has no photo." });
    return new Response(photo.bytes as BodyInit, { headers: { "content-type": photo.contentType, "cache-control": "private, max-age=300" } });
  } catch (err) {
    return errorResponse(err, request);
  }
}
