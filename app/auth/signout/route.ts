// Sign-out: end the session here, then at the IdP, which sends the browser to /signed-out.
import { NextResponse, type NextRequest } from "next/server";
import { endSession } from "@/lib/auth";
import { getConfig } from "@/lib/config";

export async function POST(request: NextRequest) {
  const origin = getConfig().auth.url ? new URL(getConfig().auth.url!).origin : request.nextUrl.origin;
  // Same-origin forms only: another site must not be able to sign the user out.
  const from = request.headers.get("origin");
  if (from && from !== origin && from !== request.nextUrl.origin) return new NextResponse("Forbidden", { status: 403 });
  return NextResponse.redirect(await endSession(origin), 303);
}
