// Benchmark ceiling (npm run bench, B2): the same JSON as /api/me from a bare handler, served only when the
// server runs with BENCH=1; otherwise this route does not exist.
export const dynamic = "force-dynamic";
export const runtime = "nodejs";

const PROFILE = {
  id: "a1b2c3d4-1111-4aaa-8bbb-000000000001",
  displayName: "Adele Vance",
  mail: "adele@contoso.onmicrosoft.com",
  jobTitle: "Product Manager",
  userPrincipalName: "adele@contoso.onmicrosoft.com",
  department: "Engineering",
  officeLocation: "Building 4",
};

export function GET(): Response {
  if (process.env.BENCH !== "1") return Response.json({ error: "not_found", message: "Not found." }, { status: 404 });
  return Response.json(PROFILE, { headers: { "cache-control": "private, no-store" } });
}
