// The pure half of SPA data fetching: reading the API's answers (errors, claims challenges) into what
// the hook acts on and what the shared ProblemNotice shows. No React, no MSAL: unit-tested alone.
import {
  diagnose,
  fromMsalError,
  isMsalLikeError,
  type AppFacts,
  type Diagnosis,
  type Evidence,
  type Flow,
} from "@/lib/diagnose";
import { codeOfWireName, type Problem } from "@/lib/errors";

/** What the SPA must do about a failed API call. */
export type ApiOutcome =
  | { kind: "claims"; claims: string } // 401 insufficient_claims: new token with these claims, retry once
  | { kind: "token" } // 401 invalid/missing token: a fresh token, retry once
  | { kind: "problem"; problem: Problem }; // show it (consent: a link to the consent URL the API gave)

/** The decoded `claims` of a `Bearer error="insufficient_claims", claims="<base64>"` challenge. */
export function claimsFromChallenge(header: string | null): string | undefined {
  if (!header || !/error="insufficient_claims"/.test(header)) return undefined;
  const b64 = /claims="([A-Za-z0-9+/=_-]+)"/.exec(header)?.[1];
  if (!b64) return undefined;
  try {
    const json = new TextDecoder().decode(
      Uint8Array.from(atob(b64.replace(/-/g, "+").replace(/_/g, "/")), (c) => c.charCodeAt(0)),
    );
    return typeof JSON.parse(json) === "object" ? json : undefined;
  } catch {
    return undefined;
  }
}

type ErrorBody = {
  error?: unknown;
  message?: unknown;
  claims?: unknown;
  reauthUrl?: unknown;
  consentUrl?: unknown;
  diagnosis?: unknown;
  correlationId?: unknown;
};

const CORRELATION_ID = /^[0-9a-f-]{36}$/;

/** Retry-After in seconds (the API sends whole seconds), when it is one. */
function retryAfterOf(header: string | null | undefined): number | undefined {
  const n = header ? Number(header) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.min(Math.ceil(n), 300) : undefined;
}

const DIAGNOSIS_TEXT = ["code", "title", "happened", "cause", "fix", "flow"] as const;
const EVIDENCE_TEXT = ["aud", "iss", "tid", "azp", "appid", "scp", "idtyp", "ver", "expiresAt"] as const;
const str = (v: unknown): v is string => typeof v === "string";

/**
 * The API body's `diagnosis` (lib/diagnose, set by lib/api/respond.ts), re-read field by field: only the
 * known text fields and claims pass, and the reference link only to Microsoft's error page.
 */
export function diagnosisOf(value: unknown): Diagnosis | undefined {
  if (!value || typeof value !== "object") return undefined;
  const v = value as Record<string, unknown>;
  if (!DIAGNOSIS_TEXT.every((k) => str(v[k]))) return undefined;
  const d: Diagnosis = {
    code: v.code as string,
    aadsts: typeof v.aadsts === "number" ? v.aadsts : null,
    flow: v.flow as Flow,
    title: v.title as string,
    happened: v.happened as string,
    cause: v.cause as string,
    fix: v.fix as string,
  };
  if (str(v.error)) d.error = v.error;
  if (str(v.suberror)) d.suberror = v.suberror;
  if (str(v.reference) && v.reference.startsWith("https://login.microsoftonline.com/")) d.reference = v.reference;
  if (v.evidence && typeof v.evidence === "object") {
    const e = v.evidence as Record<string, unknown>;
    const evidence: Evidence = {};
    for (const k of EVIDENCE_TEXT) if (str(e[k])) evidence[k] = e[k];
    if (Array.isArray(e.roles)) evidence.roles = e.roles.filter(str);
    if (typeof e.exp === "number") evidence.exp = e.exp;
    if (Object.keys(evidence).length) d.evidence = evidence;
  }
  return d;
}

const ENTRA_ERROR_NAMES = ["ServerError", "InteractionRequiredAuthError"];

/**
 * An msal-browser failure explained (lib/diagnose), when it is Entra's answer: a ServerError or
 * InteractionRequiredAuthError with an AADSTS code or an OAuth error. MSAL's own client-side errors
 * (BrowserAuthError: popup blocked, interaction in progress…) are not Entra's and get none.
 */
export function explainMsalError(
  err: unknown,
  flow: Flow,
  facts: AppFacts | undefined,
  context: { origin?: string; redirectUri?: string; scopes?: string[] } = {},
): Diagnosis | undefined {
  if (!facts || !isMsalLikeError(err)) return undefined;
  const failure = fromMsalError(err, { flow, clientId: facts.frontendClientId, ...context });
  const fromEntra = ENTRA_ERROR_NAMES.includes(String((err as { name?: unknown }).name));
  if (!failure.aadsts && !fromEntra) return undefined;
  return diagnose(failure, facts);
}

/** Same-origin paths only: the API's consent link must not send the user elsewhere. */
function localPath(value: unknown): string | undefined {
  return typeof value === "string" && value.startsWith("/") && !value.startsWith("//") && !value.startsWith("/\\")
    ? value
    : undefined;
}

/** What an error body adds to any notice: Entra's refusal explained, the correlation id, Retry-After. */
export function problemDetails(
  body: ErrorBody | undefined,
  retryAfter?: string | null,
): Pick<Problem, "diagnosis" | "correlationId" | "retryAfterSeconds"> {
  const details: Pick<Problem, "diagnosis" | "correlationId" | "retryAfterSeconds"> = {};
  const diagnosis = diagnosisOf(body?.diagnosis);
  if (diagnosis) details.diagnosis = diagnosis;
  if (typeof body?.correlationId === "string" && CORRELATION_ID.test(body.correlationId))
    details.correlationId = body.correlationId;
  const wait = retryAfterOf(retryAfter);
  if (wait) details.retryAfterSeconds = wait;
  return details;
}

export function readApiError(
  status: number,
  wwwAuthenticate: string | null,
  body: ErrorBody | undefined,
  retryAfter?: string | null,
): ApiOutcome {
  const error = typeof body?.error === "string" ? body.error : undefined;
  if (status === 401 && error === "insufficient_claims") {
    const claims = claimsFromChallenge(wwwAuthenticate) ?? (typeof body?.claims === "string" ? body.claims : undefined);
    if (claims) return { kind: "claims", claims };
  }
  // interaction_required: a new token from msal-browser (silently first, then interactively) is the fix.
  if (status === 401 && (error === "invalid_token" || error === "unauthenticated" || error === "interaction_required"))
    return { kind: "token" };
  const code = (error && codeOfWireName(error)) || "ERR_UNEXPECTED";
  const problem: Problem = {
    code,
    message: typeof body?.message === "string" ? body.message : "Something went wrong on the server.",
  };
  // consent_required from the OBO step: the backend itself lacks Graph consent, which no token this
  // SPA can get would fix; the API names the page that asks for it.
  if (code === "ERR_OBO_CONSENT_REQUIRED")
    problem.actionUrl = localPath(body?.consentUrl) ?? localPath(body?.reauthUrl);
  // What Entra refused and why, as on server-mode pages (ProblemNotice shows it under "details").
  return { kind: "problem", problem: { ...problem, ...problemDetails(body, retryAfter) } };
}

/** The Problem shown when the call could not be made or its answer read. */
export function unexpectedProblem(): Problem {
  return { code: "ERR_UNEXPECTED", message: "Something went wrong on the server." };
}
