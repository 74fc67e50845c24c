// Sign-out: end the session here, then at the IdP, which sends the browser to /signed-out.
import { NextResponse, type NextRequest } from "next/server";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { appOrigin, endSession } from "@/lib/session";

export const POST = withApiErrors(async (request: NextRequest) => {
  const origin = appOrigin(request.headers);
  // Same-origin forms only: another site must not be able to sign the user out.
  const from = request.headers.get("origin");
  if (from && from !== origin) throw new AppError("ERR_FORBIDDEN", {}, { message: "Sign-out is accepted from this app's own pages only." });
  return NextResponse.redirect(await endSession(origin), 303);
});
