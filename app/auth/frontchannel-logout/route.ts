// Front-channel sign-out: when the user signs out of Entra through another app, Entra's signed-out page
// loads this URL (the frontend registration's front-channel logout URL) in a hidden iframe with the
// Entra session's `sid`. Our cookies are not sent in that cross-site iframe, so the sid alone names the
// server sessions to end. Entra sends no `iss`; one that is present must be ours.
import { NextResponse, type NextRequest } from "next/server";
import { withApiErrors } from "@/lib/api/respond";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { endIdpSession, IDP_SID } from "@/lib/session";

export const GET = withApiErrors(async (request: NextRequest) => {
  const sid = request.nextUrl.searchParams.get("sid");
  const iss = request.nextUrl.searchParams.get("iss");
  if (!sid || !IDP_SID.test(sid))
    throw new AppError("ERR_INVALID_REQUEST", {}, { message: "The sid parameter is missing or malformed." });
  if (iss !== null && iss !== getConfig().entra.issuer)
    throw new AppError("ERR_INVALID_REQUEST", {}, { message: "The iss parameter names another identity provider." });
  const ended = await endIdpSession(sid);
  log.info({ ended }, "front-channel sign-out");
  return new NextResponse("<!doctype html><title>Signed out</title>", {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" },
  });
});
