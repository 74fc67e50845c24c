// Sign-out: end the session here, then at the IdP, which sends the browser to /signed-out.
import { NextResponse, type NextRequest } from "next/server";
import { appOrigin, endSession } from "@/lib/session";

export async function POST(request: NextRequest) {
  const origin = appOrigin(request.headers);
  // Same-origin forms only: another site must not be able to sign the user out.
  const from = request.headers.get("origin");
  if (from && from !== origin) return new NextResponse("Forbidden", { status: 403 });
  return NextResponse.redirect(await endSession(origin), 303);
}
