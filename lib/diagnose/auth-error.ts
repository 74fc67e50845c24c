// Sign-in errors for people: Entra's redirect to the NextAuth callback carries error, error_description
// (AADSTS…) and suberror, but Auth.js only passes its own error type on to the error page. This keeps
// the code (never the description, which holds trace ids) for app/auth/error to explain.
import { AsyncLocalStorage } from "node:async_hooks";
import { appUrl } from "@/lib/origin";
import { fromEntraBody, fromRedirect, type EntraFailure } from "./index";

export const AUTH_ERROR_PATH = "/auth/error";

type Fetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

// What went wrong during this callback request, so the error page can name it: Auth.js turns a refused
// code redemption, and any error of its own, into a bare "Configuration" error.
interface Answer {
  failure?: EntraFailure;
  unreachable?: boolean;
  /** The cause of Auth.js's own error (a key of CAUSES in ./auth-error-view.ts). */
  cause?: string;
}
const tokenAnswer = new AsyncLocalStorage<Answer>();

/** Called by Auth.js's logger (lib/session/authjs-logger.ts) with the error it is about to turn into a redirect. */
export function noteAuthjsError(error: unknown): void {
  const store = tokenAnswer.getStore();
  if (store) store.cause ??= causeOf(error);
}

const BY_TYPE: Record<string, string> = {
  UntrustedHost: "url",
  MissingSecret: "secret",
  InvalidCheck: "check",
  UnknownAction: "action",
};

type Failure = { type?: string; name?: string; message?: string; code?: unknown; cause?: unknown };

/** A network failure on the way to the IdP (undici's "fetch failed" and its socket codes, a timeout). */
function unreachable(err: Failure | undefined): boolean {
  const code = (err?.cause as { code?: unknown } | undefined)?.code;
  return (
    (err?.name === "TypeError" && /fetch failed/i.test(err.message ?? "")) ||
    err?.name === "TimeoutError" ||
    (typeof code === "string" && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|UND_ERR_)/.test(code))
  );
}

function causeOf(error: unknown): string | undefined {
  const e = error as Failure;
  const byType = BY_TYPE[e.type ?? e.name ?? ""];
  if (byType) return byType;
  const inner =
    (e.cause as { err?: Failure } | undefined)?.err ?? (e.cause instanceof Error ? (e.cause as Failure) : undefined);
  if (unreachable(e) || unreachable(inner)) return "idp";
  if (!inner) return undefined;
  if (BY_TYPE[inner.type ?? ""]) return BY_TYPE[inner.type ?? ""];
  // oauth4webapi's ID token checks (issuer, audience, nonce, exp/iat…): OAUTH_JWT_* codes.
  if (typeof inner.code === "string" && inner.code.startsWith("OAUTH_JWT")) return "id_token";
  // The jwt callback's own failure (lib/session/sign-in.ts) or the session store's.
  if (inner.name === "AppError" || inner.name === "ReplyError" || inner.name === "MaxRetriesPerRequestError")
    return "session";
  return undefined;
}

/** Wraps the provider's fetch: a failed token request is remembered (code only) for the error page. */
export function recordTokenFailures(base: Fetch): Fetch {
  return async (input, init) => {
    const store = tokenAnswer.getStore();
    let res: Response;
    try {
      res = await base(input, init);
    } catch (err) {
      if (store) store.unreachable = true;
      throw err;
    }
    if (store && !res.ok && init?.method?.toUpperCase() === "POST") {
      store.failure = fromEntraBody(
        await res
          .clone()
          .json()
          .catch(() => ({})),
        { flow: "sign-in" },
      );
    }
    return res;
  };
}

function withTokenFailure(response: Response, answer: Answer, requestHeaders: Headers): Response {
  const location = response.headers.get("location");
  if (!location || !(answer.failure || answer.unreachable || answer.cause)) return response;
  const target = appUrl(location, requestHeaders);
  if (target.pathname !== AUTH_ERROR_PATH || target.searchParams.has("aadsts")) return response;
  if (!answer.failure && !answer.unreachable) {
    if (target.searchParams.get("error") !== "Configuration") return response;
    target.searchParams.set("cause", answer.cause!);
    return redirectTo(response, target);
  }
  target.searchParams.set("stage", "token");
  if (answer.failure?.error) target.searchParams.set("entra_error", answer.failure.error);
  if (answer.failure?.aadsts) target.searchParams.set("aadsts", String(answer.failure.aadsts));
  if (answer.failure?.suberror) target.searchParams.set("suberror", answer.failure.suberror);
  return redirectTo(response, target);
}

/**
 * Starts a sign-in (Auth.js's signIn() with `redirect: false`) and returns where to send the browser: when
 * Auth.js could only answer /auth/error?error=Configuration, the cause it logged goes along.
 */
export async function signInTarget(start: () => Promise<string>, requestHeaders?: Headers): Promise<string> {
  const answer: Answer = {};
  const url = await tokenAnswer.run(answer, start);
  const target = appUrl(url, requestHeaders);
  if (!answer.cause || target.pathname !== AUTH_ERROR_PATH || target.searchParams.get("error") !== "Configuration")
    return url;
  target.searchParams.set("cause", answer.cause);
  return target.toString();
}

function redirectTo(response: Response, target: URL): Response {
  const headers = new Headers(response.headers);
  headers.set("location", target.toString());
  return new Response(response.body, { status: response.status, headers });
}

/** Wraps the NextAuth GET handler: an IdP error at the callback goes straight to the error page, with its code. */
export function withEntraErrorPage<R extends Request>(
  handler: (request: R) => Promise<Response>,
): (request: R) => Promise<Response> {
  return async (request: R) => {
    const url = new URL(request.url);
    if (url.pathname.includes("/callback/") && url.searchParams.has("error")) {
      const failure = fromRedirect(url.searchParams, { flow: "sign-in" });
      const target = appUrl(AUTH_ERROR_PATH, request.headers);
      target.searchParams.set("error", "OAuthCallbackError");
      if (failure.error) target.searchParams.set("entra_error", failure.error);
      if (failure.aadsts) target.searchParams.set("aadsts", String(failure.aadsts));
      if (failure.suberror) target.searchParams.set("suberror", failure.suberror);
      return Response.redirect(target, 302);
    }
    const answer: Answer = {};
    const response = await tokenAnswer.run(answer, () => handler(request));
    return withTokenFailure(response, answer, request.headers);
  };
}
