// Benchmark ceiling (npm run bench, B2): the same JSON as /api/me from a bare handler, served only when the
// server runs with BENCH=1; otherwise this route does not exist.
import { errorResponse } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";

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
  // Bare on purpose (the benchmark's ceiling), so no withApiErrors: its one failure is answered directly.
  if (process.env.BENCH !== "1") return errorResponse(new AppError("ERR_NOT_FOUND"));
  return Response.json(PROFILE, { headers: { "cache-control": "private, no-store" } });
}
