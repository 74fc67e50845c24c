import { resolveCaller } from "@/lib/bearer";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { getMyPhoto } from "@/lib/graph";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export const GET = withApiErrors(async (request: Request): Promise<Response> => {
  const photo = await getMyPhoto(await resolveCaller(request));
  if (!photo) throw new AppError("ERR_NOT_FOUND", {}, { message: "This user has no photo." });
  // Not cacheable: the URL is the same for every user, so a cached photo would show the previous
  // user's face to the next one signed in on this browser (server-mode <img> sends no Authorization).
  return new Response(photo.bytes as BodyInit, {
    headers: { "content-type": photo.contentType, "cache-control": "private, no-store" },
  });
});
