// One error type for the app's protected API, jose-style: callers switch on `code`; messages are fixed
// and never carry token contents. `details` holds only what the client needs to recover (scopes, claims).
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
  | "ERR_PRECONDITION_FAILED"
  | "ERR_PRECONDITION_REQUIRED"
  | "ERR_UNSUPPORTED_MEDIA_TYPE"
  | "ERR_PAYLOAD_TOO_LARGE";

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

const MESSAGES: Record<AppErrorCode, string> = {
  ERR_UNAUTHENTICATED: "Sign in, or send an access token for this API in the Authorization header.",
  ERR_INVALID_TOKEN: "The access token is not valid for this API.",
  ERR_INSUFFICIENT_SCOPE: "The access token does not grant the permission this operation needs.",
  ERR_FORBIDDEN: "The caller is not allowed to use this operation.",
  ERR_OBO_CONSENT_REQUIRED: "You have not yet allowed this app to read this information from Microsoft Graph. Grant access and try again.",
  ERR_OBO_CLAIMS_CHALLENGE: "Your organization requires an extra sign-in step (such as multi-factor authentication) for this information.",
  ERR_INTERACTION_REQUIRED: "Your organization requires you to sign in again for this information (for example after your sessions were revoked, or to set up multi-factor authentication).",
  ERR_OBO_MISCONFIGURED: "The server is misconfigured and cannot call Microsoft Graph on your behalf.",
  ERR_IDP_UNAVAILABLE: "The sign-in service is unavailable right now. Try again in a moment.",
  ERR_GRAPH_THROTTLED: "Microsoft Graph is throttling requests. Try again in a moment.",
  ERR_GRAPH_UNAVAILABLE: "Microsoft Graph is unavailable right now. Try again in a moment.",
  ERR_GRAPH_FORBIDDEN: "Microsoft Graph refused this request for your account.",
  ERR_NOT_FOUND: "Not found.",
  ERR_BAD_REQUEST: "The request is not valid.",
  ERR_PRECONDITION_FAILED: "This item changed since you opened it.",
  ERR_PRECONDITION_REQUIRED: "Send the item's ETag in If-Match, so a change made elsewhere is not overwritten.",
  ERR_UNSUPPORTED_MEDIA_TYPE: "Send the body as application/json.",
  ERR_PAYLOAD_TOO_LARGE: "The request body is too large.",
};

export class AppError extends Error {
  override readonly name = "AppError";
  constructor(
    readonly code: AppErrorCode,
    readonly details: AppErrorDetails = {},
    options?: { cause?: unknown; message?: string },
  ) {
    super(options?.message ?? MESSAGES[code], options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** A failure as a page shows it, in either mode (serializable: server pages and the SPA's hook both make one). */
export interface Problem {
  /** ERR_SPA_SIGN_IN: msal-browser could not sign the user in (SPA pages only). */
  code: AppErrorCode | "ERR_UNEXPECTED" | "ERR_SPA_SIGN_IN";
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
