// Where the IdP returns after the backend consent: the state must match this browser's cookie; the
// code is not redeemed (the consent was the point), and the user goes back to the page that asked.
import { NextResponse, type NextRequest } from "next/server";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { appUrl, finishBackendConsent } from "@/lib/session";

export const GET = withApiErrors(async (request: NextRequest) => {
  const result = await finishBackendConsent(request.nextUrl.searchParams);
  if (!result.ok) throw new AppError("ERR_INVALID_REQUEST", {}, { message: result.message });
  return NextResponse.redirect(appUrl(result.location, request.headers), 302);
});
