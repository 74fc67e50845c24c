import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { pageLoadSchema, recordPageLoad } from "@/lib/health";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY = 1024;

// The page-load beacon of both modes (app/components/PageLoadBeacon). Anonymous like any real-user
// monitoring, but JSON only: a cross-site page cannot send application/json without a CORS preflight,
// which this app never grants, so other sites cannot skew the figures.
export const POST = withApiErrors(async (request: Request): Promise<Response> => {
  if (!request.headers.get("content-type")?.startsWith("application/json"))
    throw new AppError("ERR_UNSUPPORTED_MEDIA_TYPE", {}, { message: "Send the page load as application/json." });
  const tooLong = Number(request.headers.get("content-length") ?? 0) > MAX_BODY;
  const text = tooLong ? "" : await request.text();
  if (tooLong || text.length > MAX_BODY)
    throw new AppError("ERR_PAYLOAD_TOO_LARGE", {}, { message: "A page load report is at most 1 KB." });
  const parsed = pageLoadSchema.safeParse(safeJson(text));
  if (!parsed.success)
    throw new AppError(
      "ERR_BAD_REQUEST",
      {},
      { message: "Expected { page, mode: server|spa, outcome: ok|consent|error, ms: 0–120000 }." },
    );
  recordPageLoad(parsed.data);
  return new Response(null, { status: 204 });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
