// "Grant access": consent to the backend's own Graph permissions (see lib/auth/backend-consent.ts),
// e.g. /auth/consent?returnTo=/profile
import { NextResponse, type NextRequest } from "next/server";
import { appOrigin, startBackendConsent } from "@/lib/auth";

export async function GET(request: NextRequest) {
  const location = await startBackendConsent(appOrigin(request.headers), request.nextUrl.searchParams.get("returnTo"));
  return NextResponse.redirect(location, 302);
}
