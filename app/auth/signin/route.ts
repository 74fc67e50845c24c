// Starts the sign-in straight at the identity provider (no provider-picker page) and returns to returnTo.
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { signIn } from "@/auth";
import { withApiErrors } from "@/lib/api/respond";
import { safeReturnTo } from "@/lib/auth-paths";
import { signInTarget } from "@/lib/diagnose/auth-error";

export const GET = withApiErrors(async (request: NextRequest): Promise<Response> => {
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("returnTo"));
  redirect(
    await signInTarget(() => signIn("microsoft-entra-id", { redirectTo: returnTo, redirect: false }), request.headers),
  );
});
