// The app's one error dialect, jose-style: every failure is an AppError whose `code` comes from one union;
// callers switch on the code. One table gives each code its HTTP status, its name on the wire (the API
// body's `error`, which the SPA reads back into the same code) and its fixed message, which never carries
// token contents. Isomorphic: the SPA loads it too. `details` holds only what the client needs to recover.
import type { Diagnosis } from "@/lib/diagnose/types";

export type AppErrorCode =
  | "ERR_UNAUTHENTICATED"
  | "ERR_INVALID_TOKEN"
  | "ERR_INSUFFICIENT_SCOPE"
  | "ERR_FORBIDDEN"
  | "ERR_OBO_CONSENT_REQUIRED"
  | "ERR_OBO_CLAIMS_CHALLENGE"
  | "ERR_INTERACTION_REQUIRED"
  | "ERR_OBO_MISCONFIGURED"
  | "ERR_IDP_UNAVAILABLE"
  | "ERR_GRAPH_THROTTLED"
  | "ERR_GRAPH_UNAVAILABLE"
  | "ERR_GRAPH_FORBIDDEN"
  | "ERR_NOT_FOUND"
  | "ERR_BAD_REQUEST"
  | "ERR_INVALID_REQUEST"
  | "ERR_PRECONDITION_FAILED"
  | "ERR_PRECONDITION_REQUIRED"
  | "ERR_UNSUPPORTED_MEDIA_TYPE"
  | "ERR_PAYLOAD_TOO_LARGE"
  | "ERR_AUTH_DISCOVERY_FAILED"
  | "ERR_AUTH_REFRESH_FAILED"
  | "ERR_AUTH_REFRESH_TIMEOUT"
  | "ERR_AUTH_SIGN_IN_INCOMPLETE"
  | "ERR_SPA_SIGN_IN"
  | "ERR_UNEXPECTED";

interface ErrorSpec {
  status: number;
  /** The API body's `error`: unique per code, so the client maps it back (codeOfWireName). */
  error: string;
  message: string;
}

const ERRORS: Record<AppErrorCode, ErrorSpec> = {
  ERR_UNAUTHENTICATED: {
    status: 401,
    error: "unauthenticated",
    message: "Sign in, or send an access token for this API in the Authorization header.",
  },
  ERR_INVALID_TOKEN: {
    status: 401,
    error: "invalid_token",
    message: "The access token is not valid for this API.",
  },
  ERR_INSUFFICIENT_SCOPE: {
    status: 403,
    error: "insufficient_scope",
    message: "The access token does not grant the permission this operation needs.",
  },
  ERR_FORBIDDEN: {
    status: 403,
    error: "forbidden",
    message: "The caller is not allowed to use this operation.",
  },
  ERR_OBO_CONSENT_REQUIRED: {
    status: 403,
    error: "consent_required",
    message:
      "You have not yet allowed this app to read this information from Microsoft Graph. Grant access and try again.",
  },
  ERR_OBO_CLAIMS_CHALLENGE: {
    status: 401,
    error: "insufficient_claims",
    message:
      "Your organization requires an extra sign-in step (such as multi-factor authentication) for this information.",
  },
  ERR_INTERACTION_REQUIRED: {
    status: 401,
    error: "interaction_required",
    message:
      "Your organization requires you to sign in again for this information (for example after your sessions were revoked, or to set up multi-factor authentication).",
  },
  ERR_OBO_MISCONFIGURED: {
    status: 500,
    error: "server_misconfigured",
    message: "The server is misconfigured and cannot call Microsoft Graph on your behalf.",
  },
  ERR_IDP_UNAVAILABLE: {
    status: 503,
    error: "idp_unavailable",
    message: "The sign-in service is unavailable right now. Try again in a moment.",
  },
  ERR_GRAPH_THROTTLED: {
    status: 503,
    error: "graph_throttled",
    message: "Microsoft Graph is throttling requests. Try again in a moment.",
  },
  ERR_GRAPH_UNAVAILABLE: {
    status: 503,
    error: "graph_unavailable",
    message: "Microsoft Graph is unavailable right now. Try again in a moment.",
  },
  ERR_GRAPH_FORBIDDEN: {
    status: 403,
    error: "graph_forbidden",
    message: "Microsoft Graph refused this request for your account.",
  },
  ERR_NOT_FOUND: {
    status: 404,
    error: "not_found",
    message: "Not found.",
  },
  ERR_BAD_REQUEST: {
    status: 400,
    error: "bad_request",
    message: "The request is not valid.",
  },
  // The sign-in routes (app/auth/*, /page-mode) use OAuth's name for a request they cannot use.
  ERR_INVALID_REQUEST: {
    status: 400,
    error: "invalid_request",
    message: "The request is not valid.",
  },
  ERR_PRECONDITION_FAILED: {
    status: 412,
    error: "precondition_failed",
    message: "This item changed since you opened it.",
  },
  ERR_PRECONDITION_REQUIRED: {
    status: 428,
    error: "precondition_required",
    message: "Send the item's ETag in If-Match, so a change made elsewhere is not overwritten.",
  },
  ERR_UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    error: "unsupported_media_type",
    message: "Send the body as application/json.",
  },
  ERR_PAYLOAD_TOO_LARGE: {
    status: 413,
    error: "payload_too_large",
    message: "The request body is too large.",
  },
  // The server session's sign-in and refresh (lib/session); the API answers the refresh ones as ERR_IDP_UNAVAILABLE (lib/bearer).
  ERR_AUTH_DISCOVERY_FAILED: {
    status: 503,
    error: "discovery_failed",
    message: "The identity provider's metadata could not be read.",
  },
  ERR_AUTH_REFRESH_FAILED: {
    status: 503,
    error: "refresh_failed",
    message: "The access token could not be refreshed; try again.",
  },
  ERR_AUTH_REFRESH_TIMEOUT: {
    status: 503,
    error: "refresh_timeout",
    message: "Timed out waiting for another instance to refresh the access token.",
  },
  ERR_AUTH_SIGN_IN_INCOMPLETE: {
    status: 401,
    error: "sign_in_incomplete",
    message: "The sign-in response lacked the oid/tid claims or the access token.",
  },
  // The SPA's own sign-in in the browser (msal-browser) failed; shown by the page, never sent by the API.
  ERR_SPA_SIGN_IN: {
    status: 401,
    error: "spa_sign_in_failed",
    message: "Signing in in the browser failed.",
  },
  ERR_UNEXPECTED: {
    status: 500,
    error: "server_error",
    message: "Something went wrong on the server.",
  },
};

export interface AppErrorDetails {
  /** ERR_INVALID_TOKEN: which named check failed (e.g. "audience"). */
  check?: string;
  /** ERR_FORBIDDEN: the authorization policy rule the caller failed (e.g. "certificate_credential"). */
  rule?: string;
  /** ERR_INSUFFICIENT_SCOPE / ERR_OBO_CONSENT_REQUIRED: the scopes the caller must obtain. */
  scopes?: string[];
  /** ERR_OBO_CLAIMS_CHALLENGE: the claims JSON from Entra, to send back base64-encoded. */
  claims?: string;
  /** ERR_GRAPH_THROTTLED / ERR_GRAPH_UNAVAILABLE / ERR_IDP_UNAVAILABLE. */
  retryAfterSeconds?: number;
  /** IdP-originated errors: what Entra refused and why, in this app's terms (lib/diagnose). No tokens. */
  diagnosis?: Diagnosis;
  /** ERR_BAD_REQUEST from form or body validation: a message per invalid field, shown beside it. */
  fields?: Record<string, string>;
  /** ERR_PRECONDITION_FAILED: the item as it is now, so the user can compare and apply their change again. */
  current?: Record<string, unknown>;
}

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    readonly details: AppErrorDetails = {},
    options?: { cause?: unknown; message?: string },
  ) {
    super(
      options?.message ?? ERRORS[code].message,
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
  }
}

/** A failure as a page shows it, in either mode (serializable: server pages and the SPA's hook both make one). */
export interface Problem {
  /** ERR_SPA_SIGN_IN: msal-browser could not sign the user in (SPA pages only). */
  code: AppErrorCode;
  /** The technical message, for "Details for your administrator"; users read the notice's own sentence. */
  message: string;
  /** Where to go to fix it (grant consent / satisfy a claims challenge), when the user can. */
  actionUrl?: string;
  /** For IdP-originated errors: what Entra refused and why (lib/diagnose). */
  diagnosis?: Diagnosis;
  /** Also in the server log beside the failure, so an administrator can find it from the page. */
  correlationId?: string;
  /** Throttled or unavailable: when trying again makes sense (the notice counts down). */
  retryAfterSeconds?: number;
  /** SPA pages: what the Continue action asks msal-browser for (a claims challenge, a fresh sign-in). */
  interaction?: { claims?: string; prompt?: "login" | "consent" };
}

export function isAppError(err: unknown): err is AppError {
  return err instanceof AppError;
}

/** The HTTP status an API answers `code` with. */
export const statusOf = (code: AppErrorCode): number => ERRORS[code].status;

/** The API body's `error` for `code`. */
export const wireNameOf = (code: AppErrorCode): string => ERRORS[code].error;

/** The fixed message of `code`. */
export const messageOf = (code: AppErrorCode): string => ERRORS[code].message;

const CODE_OF_WIRE_NAME = new Map(Object.entries(ERRORS).map(([code, spec]) => [spec.error, code as AppErrorCode]));

/** The code behind an API body's `error` (the inverse of wireNameOf); undefined for a name the app never sends. */
export function codeOfWireName(name: string): AppErrorCode | undefined {
  return CODE_OF_WIRE_NAME.get(name);
}

/** Every code (tests). */
export const APP_ERROR_CODES = Object.keys(ERRORS) as AppErrorCode[];
