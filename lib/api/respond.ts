import "server-only";
import { getConfig } from "@/lib/config";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { describeCheck } from "@/lib/bearer";
import { appOrigin } from "@/lib/origin";
import { backendConsentPath, safeReturnTo } from "@/lib/session";
import { incrementalOnly } from "@/lib/incremental-scopes";
import { log, scrubText } from "@/lib/log";

// AppError → HTTP. Bodies are { error, message, ... } with fixed messages; never a stack, never a token.

const STATUS: Record<AppErrorCode, number> = {
  ERR_UNAUTHENTICATED: 401,
  ERR_INVALID_TOKEN: 401,
  ERR_INSUFFICIENT_SCOPE: 403,
  ERR_FORBIDDEN: 403,
  ERR_OBO_CONSENT_REQUIRED: 403,
  ERR_OBO_CLAIMS_CHALLENGE: 401,
  ERR_INTERACTION_REQUIRED: 401,
  ERR_OBO_MISCONFIGURED: 500,
  ERR_IDP_UNAVAILABLE: 503,
  ERR_GRAPH_THROTTLED: 503,
  ERR_GRAPH_UNAVAILABLE: 503,
  ERR_GRAPH_FORBIDDEN: 403,
  ERR_NOT_FOUND: 404,
  ERR_BAD_REQUEST: 400,
  ERR_PRECONDITION_FAILED: 412,
  ERR_PRECONDITION_REQUIRED: 428,
  ERR_UNSUPPORTED_MEDIA_TYPE: 415,
  ERR_PAYLOAD_TOO_LARGE: 413,
};

const ERROR_NAME: Record<AppErrorCode, string> = {
  ERR_UNAUTHENTICATED: "unauthenticated",
  ERR_INVALID_TOKEN: "invalid_token",
  ERR_INSUFFICIENT_SCOPE: "insufficient_scope",
  ERR_FORBIDDEN: "forbidden",
  ERR_OBO_CONSENT_REQUIRED: "consent_required",
  ERR_OBO_CLAIMS_CHALLENGE: "insufficient_claims",
  ERR_INTERACTION_REQUIRED: "interaction_required",
  ERR_OBO_MISCONFIGURED: "server_misconfigured",
  ERR_IDP_UNAVAILABLE: "idp_unavailable",
  ERR_GRAPH_THROTTLED: "graph_throttled",
  ERR_GRAPH_UNAVAILABLE: "graph_unavailable",
  ERR_GRAPH_FORBIDDEN: "graph_forbidden",
  ERR_NOT_FOUND: "not_found",
  ERR_BAD_REQUEST: "bad_request",
  ERR_PRECONDITION_FAILED: "precondition_failed",
  ERR_PRECONDITION_REQUIRED: "precondition_required",
  ERR_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
  ERR_PAYLOAD_TOO_LARGE: "payload_too_large",
};

const quote = (v: string) => `"${v.replace(/["\\]/g, "")}"`;

/** Where the sign-in side re-runs sign-in with a claims challenge or a forced prompt (GET /auth/reauth). */
export function reauthUrl(opts: { returnTo: string; claims?: string; prompt?: "login" }): string {
  const params = new URLSearchParams({ returnTo: safeReturnTo(opts.returnTo) });
  if (opts.prompt) params.set("prompt", opts.prompt);
  if (opts.claims) params.set("claims", Buffer.from(opts.claims, "utf8").toString("base64"));
  return `/auth/reauth?${params.toString()}`;
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

export function errorResponse(err: unknown, request?: Request): Response {
  // The page shows it under "Details for your administrator"; the log line beside it says what failed.
  const correlationId = crypto.randomUUID();
  if (!(err instanceof AppError)) {
    log.error({ correlationId, err: scrubText(err instanceof Error ? `${err.name}: ${err.message}` : String(err)) }, "api: unhandled error");
    return Response.json({ error: "server_error", message: "Something went wrong on the server.", correlationId }, { status: 500 });
  }
  const status = STATUS[err.code];
  // 401s are routine (a token to renew); everything a user may see a notice for is a warning.
  log[status === 401 ? "info" : "warn"]({ correlationId, code: err.code, status, aadsts: err.details.diagnosis?.code }, "api: error answered");
  const headers = new Headers({ "cache-control": "no-store" });
  const body: Record<string, unknown> = { error: ERROR_NAME[err.code], message: err.message, correlationId };
  const { backend } = getConfig().entra;
  switch (err.code) {
    case "ERR_UNAUTHENTICATED":
      headers.set("www-authenticate", `Bearer scope=${quote(`${backend.appIdUri}/${backend.scope}`)}`);
      break;
    case "ERR_INVALID_TOKEN":
      headers.set("www-authenticate", `Bearer error="invalid_token", error_description=${quote(err.details.check ? describeCheck(err.details.check) : err.message)}`);
      break;
    case "ERR_INSUFFICIENT_SCOPE":
      headers.set("www-authenticate", `Bearer error="insufficient_scope", scope=${quote((err.details.scopes ?? []).join(" "))}`);
      body.scopes = err.details.scopes ?? [];
      break;
    case "ERR_FORBIDDEN":
      if (err.details.rule) body.rule = err.details.rule;
      break;
    case "ERR_OBO_CONSENT_REQUIRED":
      headers.set("www-authenticate", `Bearer error="insufficient_scope", scope=${quote((err.details.scopes ?? []).join(" "))}, error_description="consent_required"`);
      body.scopes = err.details.scopes ?? [];
      // The backend itself lacks consent for Graph: only a consent for the backend fixes it, not a frontend sign-in.
      body.reauthUrl = backendConsentPath(returnToOf(request), incrementalOnly(err.details.scopes));
      break;
    case "ERR_OBO_CLAIMS_CHALLENGE": {
      const claims = err.details.claims ?? "";
      headers.set("www-authenticate", `Bearer error="insufficient_claims", claims="${Buffer.from(claims, "utf8").toString("base64")}"`);
      body.claims = claims;
      body.reauthUrl = reauthUrl({ returnTo: returnToOf(request), claims });
      break;
    }
    case "ERR_INTERACTION_REQUIRED":
      // Entra wants the user at the sign-in page (no claims to pass): a fresh interactive sign-in fixes it.
      headers.set("www-authenticate", `Bearer error="invalid_token", error_description="interaction_required"`);
      body.reauthUrl = reauthUrl({ returnTo: returnToOf(request), prompt: "login" });
      break;
    case "ERR_GRAPH_THROTTLED":
    case "ERR_GRAPH_UNAVAILABLE":
    case "ERR_IDP_UNAVAILABLE":
      headers.set("retry-after", String(Math.max(1, Math.ceil(err.details.retryAfterSeconds ?? 5))));
      break;
  }
  // What Entra refused and why (lib/diagnose): selected claims only, never a token or secret.
  if (err.details.diagnosis) body.diagnosis = err.details.diagnosis;
  if (err.details.fields) body.fields = err.details.fields;
  if (err.details.current) body.current = err.details.current;
  return Response.json(body, { status, headers });
}
