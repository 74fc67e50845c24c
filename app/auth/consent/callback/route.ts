// Where the IdP returns after the backend consent: the state must match this browser's cookie; the
// code is not redeemed (the consent was the point), and the user goes back to the page that asked.
import { NextResponse, type NextRequest } from "next/server";
import { appUrl, finishBackendConsent } from "@/lib/session";

export async function GET(request: NextRequest) {
  const result = await finishBackendConsent(request.nextUrl.searchParams);
  if (!result.ok) return new NextResponse(result.message, { status: 400, headers: { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" } });
  return NextResponse.redirect(appUrl(result.location, request.headers), 302);
}
