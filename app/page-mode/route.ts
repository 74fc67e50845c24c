// Flips one page's mode for this browser (the override cookie) and goes back to the page. Answers only
// where configuration honours the cookie (dev and tests by default, never production unless enabled).
import { NextResponse, type NextRequest } from "next/server";
import { z } from "zod";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { appUrl } from "@/lib/origin";
import { getConfig } from "@/lib/config";
import { MODE_COOKIE, parseModeCookie, serializeModeCookie } from "@/lib/flags";
import { PAGE_NAMES, pagePath } from "@/lib/pages";

const query = z.object({ page: z.enum(PAGE_NAMES), mode: z.enum(["server", "spa"]) });

export const GET = withApiErrors(async (request: NextRequest) => {
  if (!getConfig().flags.overrideCookie) throw new AppError("ERR_NOT_FOUND");
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success)
    throw new AppError(
      "ERR_INVALID_REQUEST",
      {},
      { message: `page must be one of ${PAGE_NAMES.join(", ")}; mode server or spa` },
    );
  const { page, mode } = parsed.data;
  const modes = parseModeCookie(request.cookies.get(MODE_COOKIE)?.value);
  modes.set(page, mode);
  const response = NextResponse.redirect(appUrl(pagePath(page), request.headers), 303);
  response.cookies.set(MODE_COOKIE, serializeModeCookie(modes), {
    path: "/",
    sameSite: "lax",
    httpOnly: true,
    maxAge: 30 * 24 * 60 * 60,
  });
  return response;
});
