// NextAuth for server mode: the FRONTEND registration signs the user in at the tenant's v2.0 issuer and
// asks for the backend as the one resource. The tokens go to the server-side session store
// (lib/session); the JWT cookie carries only the session id and display claims.
import NextAuth, { customFetch, type DefaultSession, type NextAuthConfig } from "next-auth";
import { headers } from "next/headers";
import MicrosoftEntraID from "next-auth/providers/microsoft-entra-id";
import { getConfig, type AppConfig } from "@/lib/config";
import { appOrigin, pinAuthUrl } from "@/lib/origin";
import { recordTokenFailures } from "@/lib/diagnose/auth-error";
import { rememberTargeting } from "@/lib/rollout/sign-in";
import {
  authjsDebug,
  authjsLogger,
  deleteSession,
  requestSpaCode,
  secureCookiesFor,
  sessionCookieOption,
  sessionExists,
  SESSION_TTL_SECONDS,
  signInScope,
  startSession,
  type IdTokenClaims,
} from "@/lib/session";

declare module "next-auth" {
  interface Session {
    user: { name: string; username: string; oid: string; tid: string } & DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    preferred_username?: string;
    oid?: string;
    tid?: string;
  }
}

export const { handlers, auth, signIn, signOut } = NextAuth(async (request) => {
  const { entra, auth: authConfig } = getConfig();
  pinAuthUrl();
  const secure = secureCookiesFor(authConfig.url ?? appOrigin(request?.headers ?? (await incomingHeaders())));
  return {
    secret: authConfig.secret,
    // Its URLs come from AUTH_URL (pinned above), or from X-Forwarded-* only where TRUST_PROXY_HEADERS=on.
    trustHost: true,
    useSecureCookies: secure,
    cookies: sessionCookieOption(secure),
    session: { strategy: "jwt", maxAge: SESSION_TTL_SECONDS },
    logger: authjsLogger,
    debug: authjsDebug(),
    // Sign-in failures land on a page that explains them (app/auth/error, lib/diagnose), not Auth.js's own.
    pages: { error: "/auth/error", signIn: "/auth/error" },
    providers: [withSpaCode(entraProvider(entra))],
    callbacks: sessionCallbacks(),
    events: sessionEvents(),
  };
});

function entraProvider(entra: AppConfig["entra"]) {
  return MicrosoftEntraID({
    clientId: entra.frontend.clientId,
    clientSecret: entra.frontend.clientSecret,
    // The tenant GUID issuer, exactly as discovery returns it: Auth.js only rewrites `{tenantid}` for
    // microsoftonline.com hosts, so `common` or a domain name would fail the issuer check elsewhere.
    issuer: entra.issuer,
    checks: ["pkce"],
    authorization: { params: { scope: signInScope() } },
    // From the ID token alone: the default fetches the Graph photo, which fails offline and is not needed.
    profile(claims) {
      const c = claims as IdTokenClaims;
      return {
        id: `${c.oid}.${c.tid}`,
        name: c.name ?? null,
        email: c.email ?? c.preferred_username ?? null,
        image: null,
      };
    },
  });
}

function sessionCallbacks(): NextAuthConfig["callbacks"] {
  return {
    async jwt({ token, account, profile }) {
      if (account) {
        const claims = await startSession(account, profile as IdTokenClaims | undefined);
        // What page-mode targeting needs (the user's groups), before the first page is routed.
        await rememberTargeting({ accessToken: account.access_token!, oid: claims.oid, tid: claims.tid });
        return { ...claims };
      }
      // A session ended server-side (sign-out elsewhere, rejected refresh) ends the cookie too.
      if (!token.sid || !(await sessionExists(token.sid))) return null;
      return token;
    },
    session({ session, token }) {
      // Display claims only: no token, no session id reaches /api/auth/session.
      return {
        expires: session.expires,
        user: {
          name: token.name ?? "",
          email: token.preferred_username ?? "",
          username: token.preferred_username ?? "",
          oid: token.oid ?? "",
          tid: token.tid ?? "",
        },
      } as typeof session;
    },
  };
}

function sessionEvents(): NextAuthConfig["events"] {
  return {
    async signOut(message) {
      const sid = "token" in message ? message.token?.sid : undefined;
      if (sid) await deleteSession(sid);
    },
  };
}

/** The current request's headers (TRUST_PROXY_HEADERS=on: its origin); none outside a request. */
async function incomingHeaders(): Promise<Headers | undefined> {
  try {
    return new Headers(await headers());
  } catch {
    return undefined;
  }
}

/**
 * The hybrid flow: the code redemption also asks for a `spa_code` (it reaches the jwt callback's
 * `account`), so SPA-mode pages get their own tokens without a second sign-in. Set on the provider
 * object, not in its options: Auth.js keeps the provider's own customFetch (the Entra issuer fix-up)
 * over one given in options, so this wraps it.
 */
function withSpaCode<P extends object>(provider: P): P {
  const p = provider as P & { [customFetch]?: typeof fetch };
  p[customFetch] = recordTokenFailures(requestSpaCode(p[customFetch] ?? fetch));
  return p;
}
