// Signs the user in again with extra authorization parameters (consent, a claims challenge, more scopes),
// e.g. /auth/reauth?returnTo=/profile&prompt=consent&claims=<base64 JSON>&scopes=User.Read
import { redirect } from "next/navigation";
import type { NextRequest } from "next/server";
import { z } from "zod";
import { signIn } from "@/auth";
import { withApiErrors } from "@/lib/api/respond";
import { AppError } from "@/lib/errors";
import { safeReturnTo } from "@/lib/auth-paths";
import { signInTarget } from "@/lib/diagnose/auth-error";
import { signInScope } from "@/lib/session";

const query = z.object({
  returnTo: z.string().optional(),
  prompt: z.enum(["consent", "login", "select_account", "none"]).optional(),
  claims: z
    .string()
    .transform((b64, ctx) => {
      try {
        const json = Buffer.from(b64, "base64").toString("utf8");
        if (typeof JSON.parse(json) === "object") return json;
      } catch {}
      ctx.addIssue({ code: "custom", message: "claims must be base64 of a JSON object" });
      return z.NEVER;
    })
    .optional(),
  scopes: z
    .string()
    .regex(/^[\w.:/-]+( [\w.:/-]+)*$/, "scopes must be space-separated scope names")
    .optional(),
});

export const GET = withApiErrors(async (request: NextRequest): Promise<Response> => {
  const parsed = query.safeParse(Object.fromEntries(request.nextUrl.searchParams));
  if (!parsed.success) throw new AppError("ERR_INVALID_REQUEST", {}, { message: parsed.error.issues[0]?.message });
  const { returnTo, prompt, claims, scopes } = parsed.data;
  const params: Record<string, string> = { scope: [signInScope(), scopes].filter(Boolean).join(" ") };
  if (prompt) params.prompt = prompt;
  if (claims) params.claims = claims;
  redirect(
    await signInTarget(
      () => signIn("microsoft-entra-id", { redirectTo: safeReturnTo(returnTo), redirect: false }, params),
      request.headers,
    ),
  );
});
