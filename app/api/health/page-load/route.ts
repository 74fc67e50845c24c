import { pageLoadSchema, recordPageLoad } from "@/lib/health";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const MAX_BODY = 1024;

// The page-load beacon of both modes (app/components/PageLoadBeacon). Anonymous like any real-user
// monitoring, but JSON only: a cross-site page cannot send application/json without a CORS preflight,
// which this app never grants, so other sites cannot skew the figures.
export async function POST(request: Request): Promise<Response> {
  if (!request.headers.get("content-type")?.startsWith("application/json")) return problem(415, "Send the page load as application/json.");
  const tooLong = Number(request.headers.get("content-length") ?? 0) > MAX_BODY;
  const text = tooLong ? "" : await request.text();
  if (tooLong || text.length > MAX_BODY) return problem(413, "A page load report is at most 1 KB.");
  const parsed = pageLoadSchema.safeParse(safeJson(text));
  if (!parsed.success) return problem(400, "Expected { page, mode: server|spa, outcome: ok|consent|error, ms: 0–120000 }.");
  recordPageLoad(parsed.data);
  return new Response(null, { status: 204 });
}

const problem = (status: number, message: string) => Response.json({ error: "bad_request", message }, { status });

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
