// What /auth/error says, from its query: only texts of our own. Every parameter is an allow-list lookup
// (Auth.js's error types, the causes lib/diagnose/auth-error.ts records, OAuth error and suberror names,
// a numeric AADSTS code), so a crafted link cannot put words of its choosing on the app's origin.
import { diagnose } from "./index";
import type { AppFacts, Diagnosis } from "./types";

export interface Explanation {
  title: string;
  cause: string;
  fix: string;
}

export type AuthErrorView =
  | { kind: "diagnosis"; diagnosis: Diagnosis }
  | { kind: "explained"; explanation: Explanation }
  | { kind: "none"; title: string };

/** The Auth.js error types that may reach the page (its client-safe ones and Configuration). */
const AUTHJS_TYPES: Record<string, Explanation> = {
  Configuration: {
    title: "The sign-in could not be completed",
    cause:
      "The server could not finish the sign-in. The server log has a line `auth: <error type>` that names the reason.",
    fix: "Sign in again; if it persists, run `npm run doctor` and read that log line.",
  },
  AccessDenied: {
    title: "Access denied",
    cause: "The sign-in was refused by the app's sign-in callback.",
    fix: "Sign in with an account of this tenant.",
  },
  Verification: {
    title: "The sign-in link is no longer valid",
    cause: "It was used already or expired.",
    fix: "Start the sign-in again.",
  },
  OAuthCallbackError: {
    title: "The identity provider refused the sign-in",
    cause: "Entra redirected back with an error.",
    fix: "Start the sign-in again; if it persists, run `npm run doctor`.",
  },
  MissingCSRF: {
    title: "The sign-in form expired",
    cause: "The form was sent without the anti-forgery token it was given (an old tab, or cookies blocked).",
    fix: "Start the sign-in again from the app.",
  },
};

/** What a `Configuration` error really was, recorded while the request ran (lib/diagnose/auth-error.ts). */
export const CAUSES: Record<string, Explanation> = {
  url: {
    title: "The server does not know its own address",
    cause:
      "Auth.js refused the request (UntrustedHost): the app's public URL is not configured, so it cannot build the redirect URI.",
    fix: "Set AUTH_URL to the app's public URL (e.g. https://app.example.com), or TRUST_PROXY_HEADERS=on behind a proxy you trust; `npm run doctor` checks it.",
  },
  idp: {
    title: "The sign-in service is unavailable",
    cause:
      "The server could not reach the identity provider (Entra) to start or finish the sign-in: it is down, or the network path to ENTRA_INSTANCE is blocked.",
    fix: "Sign in again in a moment; if it persists, run `npm run doctor`, which checks discovery over TLS.",
  },
  secret: {
    title: "The server's sign-in configuration is incomplete",
    cause: "Auth.js has no secret to protect its cookies (MissingSecret).",
    fix: "Set AUTH_SECRET to 32+ random characters (openssl rand -base64 33).",
  },
  check: {
    title: "The sign-in could not be verified",
    cause:
      "The PKCE or state cookie set when the sign-in started did not come back (InvalidCheck): two sign-ins raced in one browser, cookies are blocked, or AUTH_URL differs from the origin the browser uses.",
    fix: "Start the sign-in again in one tab; check that AUTH_URL is the address in the browser.",
  },
  action: {
    title: "This sign-in address cannot be opened directly",
    cause: "The link points at an Auth.js endpoint that only answers the app's own forms (UnknownAction).",
    fix: "Use the app's Sign in button.",
  },
  id_token: {
    title: "The sign-in response did not pass the server's checks",
    cause:
      "Entra's ID token was refused (its issuer, audience, nonce or lifetime): ENTRA_TENANT_ID / ENTRA_INSTANCE must name the tenant that signed the user in, ENTRA_FRONTEND_CLIENT_ID the frontend registration, and the server's clock must be right.",
    fix: "Run `npm run doctor` (it compares the issuer), and check the server's clock.",
  },
  session: {
    title: "The session could not be created",
    cause:
      "Entra signed you in, but the server could not start the session (the session store is unreachable, or the sign-in response lacked the user's oid/tid or the access token).",
    fix: "Sign in again in a moment; if it persists, check REDIS_URL and the server log.",
  },
};

/** Any `error` this page does not know: its own words, never the value. */
const GENERIC: Explanation = {
  title: "The sign-in could not be completed",
  cause: "The sign-in did not finish.",
  fix: "Sign in again; if it persists, tell your administrator when it happened.",
};

const TOKEN_STAGE: Explanation = {
  title: "The sign-in could not be completed",
  cause:
    "Entra signed you in, but the server's redemption of the sign-in code failed: the token endpoint was unreachable or answered with a server error.",
  fix: "Sign in again in a moment; if it persists, run `npm run doctor` and read the server log.",
};

const OAUTH_ERRORS = new Set([
  "invalid_request",
  "unauthorized_client",
  "access_denied",
  "unsupported_response_type",
  "invalid_scope",
  "server_error",
  "temporarily_unavailable",
  "invalid_client",
  "invalid_grant",
  "unsupported_grant_type",
  "interaction_required",
  "login_required",
  "consent_required",
  "account_selection_required",
  "invalid_resource",
]);
const SUBERRORS = new Set([
  "consent_required",
  "basic_action",
  "additional_action",
  "message_only",
  "bad_token",
  "token_expired",
  "user_password_expired",
  "client_mismatch",
  "device_authentication_failed",
]);

type Query = Record<string, string | string[] | undefined>;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
const allowed = (set: Set<string>, v: string | undefined) => (v && set.has(v) ? v : undefined);

export function authErrorView(q: Query, facts: AppFacts): AuthErrorView {
  const aadsts = /^[1-9]\d{0,8}$/.test(one(q.aadsts) ?? "") ? Number(one(q.aadsts)) : undefined;
  const error = allowed(OAUTH_ERRORS, one(q.entra_error));
  if (aadsts || error)
    return {
      kind: "diagnosis",
      diagnosis: diagnose({ flow: "sign-in", aadsts, error, suberror: allowed(SUBERRORS, one(q.suberror)) }, facts),
    };
  const cause = one(q.cause);
  // A refused code redemption (stage=token) is not Entra redirecting back.
  const explanation =
    one(q.stage) === "token"
      ? TOKEN_STAGE
      : ((cause && Object.hasOwn(CAUSES, cause) ? CAUSES[cause] : undefined) ?? lookup(one(q.error)));
  if (explanation) return { kind: "explained", explanation };
  return one(q.error) ? { kind: "explained", explanation: GENERIC } : { kind: "none", title: "Sign in to continue." };
}

function lookup(type: string | undefined): Explanation | undefined {
  return type && Object.hasOwn(AUTHJS_TYPES, type) ? AUTHJS_TYPES[type] : undefined;
}
