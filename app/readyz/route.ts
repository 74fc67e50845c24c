import { readiness } from "@/lib/readiness";

// Readiness: configuration, signing keys, Redis and the OBO credential, by name (lib/health); 503 while
// any fails or while the process shuts down. Open to probes: the body holds no cause and no detail.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

export async function GET(): Promise<Response> {
  const report = await readiness();
  return Response.json(report, {
    status: report.status === "ready" ? 200 : 503,
    headers: { "cache-control": "no-store" },
  });
}
