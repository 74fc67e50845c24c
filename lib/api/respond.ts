import "server-only";
import { unstable_rethrow } from "next/navigation";
import { backendConsentPath, reauthUrl } from "@/lib/auth-paths";
import { describeCheck } from "@/lib/bearer";
import { getConfig } from "@/lib/config";
import { AppError, statusOf, wireNameOf } from "@/lib/errors";
import { callingPageOf, recordApiError } from "@/lib/health";
import { incrementalOnly } from "@/lib/incremental-scopes";
import { log, scrubText } from "@/lib/log";
import { appOrigin } from "@/lib/origin";

// AppError → HTTP, for every route handler (withApiErrors). Bodies are { error, message, correlationId, ... }
// with the fixed messages of lib/errors.ts; never a stack, never a token. Light on purpose (no session
// store, no Auth.js): every API route loads it, and a bearer call never needs the session side.

const quote = (v: string) => `"${v.replace(/["\\]/g, "")}"`;

/** Where the user fixes `err` and comes back to `returnTo` (pages: the action link; the API: `reauthUrl`). */
export function recoveryUrl(err: AppError, returnTo: string): string | undefined {
  switch (err.code) {
    case "ERR_OBO_CONSENT_REQUIRED":
      // The backend itself lacks consent for Graph: only a consent for the backend fixes it, not a frontend sign-in.
      return backendConsentPath(returnTo, incrementalOnly(err.details.scopes));
    case "ERR_OBO_CLAIMS_CHALLENGE":
      return reauthUrl({ returnTo, claims: err.details.claims ?? "" });
    case "ERR_INTERACTION_REQUIRED":
      // Entra wants the user at the sign-in page (no claims to pass): a fresh interactive sign-in fixes it.
      return reauthUrl({ returnTo, prompt: "login" });
    default:
      return undefined;
  }
}

/** `err` as an AppError; anything else is logged (name and message, scrubbed) and becomes ERR_UNEXPECTED. */
export function asAppError(err: unknown, where: string, correlationId: string): AppError {
  if (err instanceof AppError) return err;
  log.error(
    { correlationId, err: scrubText(err instanceof Error ? `${err.name}: ${err.message}` : String(err)) },
    `${where}: unexpected failure`,
  );
  return new AppError("ERR_UNEXPECTED", {}, { cause: err });
}

function returnToOf(request: Request | undefined): string {
  const referer = request?.headers.get("referer");
  if (!request || !referer) return "/";
  try {
    const from = new URL(referer);
    return from.origin === appOrigin(request.headers) ? `${from.pathname}${from.search}` : "/";
  } catch {
    return "/";
  }
}

/** The WWW-Authenticate challenge, Retry-After and extra body fields some codes carry. */
function describe(err: AppError, headers: Headers, body: Record<string, unknown>): void {
  const scopes = err.details.scopes ?? [];
  switch (err.code) {
    case "ERR_UNAUTHENTICATED": {
      const { backend } = getConfig().entra;
      headers.set("www-authenticate", `Bearer scope=${quote(`${backend.appIdUri}/${backend.scope}`)}`);
      break;
    }
    case "ERR_INVALID_TOKEN":
      headers.set(
        "www-authenticate",
        `Bearer error="invalid_token", error_description=${quote(err.details.check ? describeCheck(err.details.check) : err.message)}`,
      );
      break;
    case "ERR_INSUFFICIENT_SCOPE":
      headers.set("www-authenticate", `Bearer error="insufficient_scope", scope=${quote(scopes.join(" "))}`);
      body.scopes = scopes;
      break;
    case "ERR_FORBIDDEN":
      if (err.details.rule) body.rule = err.details.rule;
      break;
    case "ERR_OBO_CONSENT_REQUIRED":
      headers.set(
        "www-authenticate",
        `Bearer error="insufficient_scope", scope=${quote(scopes.join(" "))}, error_description="consent_required"`,
      );
      body.scopes = scopes;
      break;
    case "ERR_OBO_CLAIMS_CHALLENGE":
      headers.set(
        "www-authenticate",
        `Bearer error="insufficient_claims", claims="${Buffer.from(err.details.claims ?? "", "utf8").toString("base64")}"`,
      );
      body.claims = err.details.claims ?? "";
      break;
    case "ERR_INTERACTION_REQUIRED":
      headers.set("www-authenticate", `Bearer error="invalid_token", error_description="interaction_required"`);
      break;
    case "ERR_GRAPH_THROTTLED":
    case "ERR_GRAPH_UNAVAILABLE":
    case "ERR_IDP_UNAVAILABLE":
      headers.set("retry-after", String(Math.max(1, Math.ceil(err.details.retryAfterSeconds ?? 5))));
      break;
  }
}

export function errorResponse(err: unknown, request?: Request): Response {
  // The page shows it under "Details for your administrator"; the log line beside it says what failed.
  const correlationId = crypto.randomUUID();
  const e = asAppError(err, "api", correlationId);
  recordApiError(e.code, callingPageOf(request));
  const status = statusOf(e.code);
  // 401s are routine (a token to renew); everything a user may see a notice for is a warning.
  if (e.code !== "ERR_UNEXPECTED")
    log[status === 401 ? "info" : "warn"](
      { correlationId, code: e.code, status, aadsts: e.details.diagnosis?.code },
      "api: error answered",
    );
  const headers = new Headers({ "cache-control": "no-store" });
  const body: Record<string, unknown> = { error: wireNameOf(e.code), message: e.message, correlationId };
  describe(e, headers, body);
  const recovery = recoveryUrl(e, returnToOf(request));
  if (recovery) body.reauthUrl = recovery;
  // What Entra refused and why (lib/diagnose): selected claims only, never a token or secret.
  if (e.details.diagnosis) body.diagnosis = e.details.diagnosis;
  if (e.details.fields) body.fields = e.details.fields;
  if (e.details.current) body.current = e.details.current;
  return Response.json(body, { status, headers });
}

/**
 * Wraps a route handler so every failure answers in the one dialect (errorResponse); Next's own control
 * flow (redirect(), notFound(), Auth.js's sign-in redirect) passes through untouched.
 */
export function withApiErrors<R extends Request, A extends unknown[]>(
  handler: (request: R, ...rest: A) => Promise<Response> | Response,
): (request: R, ...rest: A) => Promise<Response> {
  return async (request, ...rest) => {
    try {
      return await handler(request, ...rest);
    } catch (err) {
      unstable_rethrow(err);
      return errorResponse(err, request);
    }
  };
}
