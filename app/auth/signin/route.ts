// Starts the sign-in straight at the identity provider (no provider-picker page) and returns to returnTo.
import type { NextRequest } from "next/server";
import { signIn } from "@/auth";
import { safeReturnTo } from "@/lib/session";

export async function GET(request: NextRequest) {
  const returnTo = safeReturnTo(request.nextUrl.searchParams.get("returnTo"));
  await signIn("microsoft-entra-id", { redirectTo: returnTo });
}
