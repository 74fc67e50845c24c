// Liveness: the process answers. Nothing else is checked, so a dependency outage never restarts the app.
export const dynamic = "force-dynamic";

export function GET(): Response {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}
