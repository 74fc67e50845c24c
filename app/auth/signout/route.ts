// Sign-out: end the session here, then at the IdP, which sends the browser to /signed-out.
// A plain form post gets the redirect; the page's script asks for JSON so that it can tell the other tabs
// only once the session here has ended (a tab told earlier would render /signed-out still signed in).
import { NextResponse, type NextRequest } from "next/server";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { appOrigin, endSession } from "@/lib/session";

export const POST = withApiErrors(async (request: NextRequest) => {
  const origin = appOrigin(request.headers);
  // Same-origin forms only: another site must not be able to sign the user out.
  const from = request.headers.get("origin");
  if (from && from !== origin)
    throw new AppError("ERR_FORBIDDEN", {}, { message: "Sign-out is accepted from this app's own pages only." });
  const logoutUrl = await endSession(origin);
  if (request.headers.get("accept") === "application/json") {
    return NextResponse.json({ logoutUrl }, { headers: { "cache-control": "no-store" } });
  }
  return NextResponse.redirect(logoutUrl, 303);
});
