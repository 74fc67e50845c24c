// The pure half of SPA data fetching: reading the API's answers (errors, claims challenges) into what
// the hook acts on and what the shared ProblemNotice shows. No React, no MSAL: unit-tested alone.
import type { Problem } from "@/lib/api/page";
import type { AppErrorCode } from "@/lib/errors";

/** What the SPA must do about a failed API call. */
export type ApiOutcome =
  | { kind: "claims"; claims: string } // 401 insufficient_claims: new token with these claims, retry once
  | { kind: "token"; } // 401 invalid/missing token: a fresh token, retry once
  | { kind: "problem"; problem: Problem }; // show it (consent: a link to the consent URL the API gave)

const CODE_OF: Record<string, AppErrorCode> = {
  unauthenticated: "ERR_UNAUTHENTICATED",
  invalid_token: "ERR_INVALID_TOKEN",
  insufficient_scope: "ERR_INSUFFICIENT_SCOPE",
  forbidden: "ERR_FORBIDDEN",
  consent_required: "ERR_OBO_CONSENT_REQUIRED",
  insufficient_claims: "ERR_OBO_CLAIMS_CHALLENGE",
  server_misconfigured: "ERR_OBO_MISCONFIGURED",
  idp_unavailable: "ERR_IDP_UNAVAILABLE",
  graph_throttled: "ERR_GRAPH_THROTTLED",
  graph_unavailable: "ERR_GRAPH_UNAVAILABLE",
  graph_forbidden: "ERR_GRAPH_FORBIDDEN",
  not_found: "ERR_NOT_FOUND",
  bad_request: "ERR_BAD_REQUEST",
};

/** The decoded `claims` of a `Bearer error="insufficient_claims", claims="<base64>"` challenge. */
export function claimsFromChallenge(header: string | null): string | undefined {
  if (!header || !/error="insufficient_claims"/.test(header)) return undefined;
  const b64 = /claims="([A-Za-z0-9+/=_-]+)"/.exec(header)?.[1];
  if (!b64) return undefined;
  try {
    const json = new TextDecoder().decode(Uint8Array.from(atob(b64.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)));
    return typeof JSON.parse(json) === "object" ? json : undefined;
  } catch {
    return undefined;
  }
}

type ErrorBody = { error?: unknown; message?: unknown; claims?: unknown; reauthUrl?: unknown; consentUrl?: unknown };

/** Same-origin paths only: the API's consent link must not send the user elsewhere. */
function localPath(value: unknown): string | undefined {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\") ? value : undefined;
}

export function readApiError(status: number, wwwAuthenticate: string | null, body: ErrorBody | undefined): ApiOutcome {
  const error = typeof body?.error === "string" ? body.error : undefined;
  if (status === 401 && error === "insufficient_claims") {
    const claims = claimsFromChallenge(wwwAuthenticate) ?? (typeof body?.claims === "string" ? body.claims : undefined);
    if (claims) return { kind: "claims", claims };
  }
  if (status === 401 && (error === "invalid_token" || error === "unauthenticated")) return { kind: "token" };
  const code = (error && CODE_OF[error]) || "ERR_UNEXPECTED";
  const problem: Problem = { code, message: typeof body?.message === "string" ? body.message : "Something went wrong on the server." };
  // consent_required from the OBO step: the backend itself lacks Graph consent, which no token this
  // SPA can get would fix; the API names the page that asks for it.
  if (code === "ERR_OBO_CONSENT_REQUIRED") problem.actionUrl = localPath(body?.consentUrl) ?? localPath(body?.reauthUrl);
  return { kind: "problem", problem };
}

/** The Problem shown when the call could not be made or its answer read. */
export function unexpectedProblem(): Problem {
  return { code: "ERR_UNEXPECTED", message: "Something went wrong on the server." };
}
