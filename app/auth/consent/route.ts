// "Grant access": consent to the backend's own Graph permissions (see lib/session/backend-consent.ts),
// e.g. /auth/consent?returnTo=/profile, or to one added later: ?returnTo=/tasks&scope=https://graph.microsoft.com/Tasks.ReadWrite
import { NextResponse, type NextRequest } from "next/server";
import { withApiErrors } from "@/lib/api/respond";
import { appOrigin, startBackendConsent } from "@/lib/session";

export const GET = withApiErrors(async (request: NextRequest) => {
  const { searchParams } = request.nextUrl;
  const location = await startBackendConsent(
    appOrigin(request.headers),
    searchParams.get("returnTo"),
    searchParams.get("scope"),
  );
  return NextResponse.redirect(location, 302);
});
