// Which signed-in account answers an /authorize request (spec §3.2 step 5): the session named by sid or
// login_hint, the only one, or a page (sign-in, account picker); prompt=none never shows a page.
import type { User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { findUser } from "./directory.ts";
import { aadsts, type AadstsError } from "./errors.ts";
import type { Pending, Session } from "./state.ts";
import { userFromLoginHint } from "./tokens.ts";

function hintedUser(ctx: EmulatorContext, hint: string | undefined): User | undefined {
  if (!hint) return undefined;
  return findUser(ctx.config, hint) ?? findUser(ctx.config, userFromLoginHint(hint));
}

export type Selection =
  { session: Session } | { page: "signin"; username?: string } | { page: "picker" } | { error: AadstsError };

/** Spec §3.2 step 5: which IdP session answers this request, or which page to show. */
export function selectAccount(ctx: EmulatorContext, sessions: Session[], p: Pending): Selection {
  const { prompt, sid, loginHint } = p.params;
  const hinted = hintedUser(ctx, loginHint);
  const bySid = sid ? sessions.find((s) => s.sid === sid) : undefined;
  const byHint = hinted ? sessions.find((s) => s.userOid === hinted.oid) : undefined;
  if (prompt === "none") {
    if (sid || loginHint) {
      const match = bySid ?? byHint;
      if (match) return { session: match };
      return {
        error: aadsts(50058, {
          reason: sessions.length
            ? "A silent sign-in request was sent but none of the currently signed in user(s) match the requested login hint."
            : "A silent sign-in request was sent but no user is signed in.",
        }),
      };
    }
    if (sessions.length === 1) return { session: sessions[0] };
    if (sessions.length > 1) return { error: aadsts(16000) };
    return { error: aadsts(50058, { reason: "A silent sign-in request was sent but no user is signed in." }) };
  }
  const prefill = hinted?.userPrincipalName ?? (loginHint?.includes("@") ? loginHint : undefined);
  if (p.forceLogin) return { page: "signin", username: prefill };
  if (prompt === "select_account" && !p.accountChosen) return sessions.length ? { page: "picker" } : { page: "signin" };
  if (bySid ?? byHint) return { session: (bySid ?? byHint)! };
  if (loginHint) return { page: "signin", username: prefill };
  if (sessions.length === 1) return { session: sessions[0] };
  if (sessions.length > 1) return { page: "picker" };
  return { page: "signin" };
}

/** The signed-in accounts the picker lists, one per session. */
export function pickerAccounts(
  ctx: EmulatorContext,
  sessions: Session[],
): Array<{ sessionId: string; upn: string; name: string }> {
  return sessions.map((s) => {
    const u = findUser(ctx.config, s.userOid)!;
    return { sessionId: s.id, upn: u.userPrincipalName, name: u.displayName };
  });
}
