// Starts the sign-in straight at the identity provider (no provider-picker page) and returns to returnTo.
import type { NextRequest } from "next/server";
import { signIn } from "@/auth";
import { withApiErrors } from "@/lib/api/respond";
import { safeReturnTo } from "@/lib/auth-paths";

export const GET = withApiErrors(async (request: NextRequest): Promise<Response> => {
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("returnTo"));
  return signIn("microsoft-entra-id", { redirectTo: returnTo });
});
