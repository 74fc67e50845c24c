// Optional claims (the manifest's optionalClaims): Entra adds them to a token only when the application
// that owns the token asks for them: the client for its ID tokens, the resource for access tokens issued
// for it (learn.microsoft.com/entra/identity-platform/optional-claims-reference). A name Entra does not
// know is ignored, as Entra ignores it.
import type { Application, OptionalClaim, User } from "../config.ts";

export type TokenKind = "idToken" | "accessToken";

export interface OptionalClaimSubject {
  /** Absent for app-only tokens (client credentials). */
  user?: User;
  version: "1.0" | "2.0";
  authTime?: number;
  /** The opaque login_hint value, computed by the caller (tokens.ts). */
  loginHint?: string;
}

/** The configuration of optional claim `name` on `app` for that kind of token, if it asks for it. */
export function optionalClaim(app: Application, kind: TokenKind, name: string): OptionalClaim | undefined {
  return app.optionalClaims[kind].find((c) => c.name === name);
}

type Producer = (s: OptionalClaimSubject, claim: OptionalClaim, kind: TokenKind) => unknown;

// v2 tokens leave out what v1 tokens always carried (upn, given_name, family_name, ipaddr); v1 tokens
// can ask for v2's preferred_username.
const v2Only =
  (value: (u: User) => unknown): Producer =>
  (s) =>
    s.user && s.version === "2.0" ? value(s.user) : undefined;

const PRODUCERS: Record<string, Producer> = {
  // By default only in app-only access tokens; include_user_token adds it to user tokens as "user".
  idtyp: (s, claim, kind) =>
    kind !== "accessToken"
      ? undefined
      : !s.user
        ? "app"
        : claim.additionalProperties.includes("include_user_token")
          ? "user"
          : undefined,
  login_hint: (s) => (s.user ? s.loginHint : undefined),
  auth_time: (s) => (s.user ? s.authTime : undefined),
  acct: (s) => (s.user ? 0 : undefined),
  email: (s) => s.user?.mail,
  upn: v2Only((u) => u.userPrincipalName),
  given_name: v2Only((u) => u.givenName),
  family_name: v2Only((u) => u.surname),
  ipaddr: v2Only(() => "127.0.0.1"),
  preferred_username: (s) => (s.user && s.version === "1.0" ? s.user.userPrincipalName : undefined),
};

/** The optional claims `app` configured for `kind` tokens, with their values for this subject. */
export function optionalClaims(
  app: Application,
  kind: TokenKind,
  subject: OptionalClaimSubject,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const claim of app.optionalClaims[kind]) {
    const value = PRODUCERS[claim.name]?.(subject, claim, kind);
    if (value !== undefined) out[claim.name] = value;
  }
  return out;
}
