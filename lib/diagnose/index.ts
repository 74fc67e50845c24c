// The Entra error explainer shared by both modes: an AADSTS code plus its context (flow, client, token)
// → { code, title, happened, cause, fix, flow, evidence }. Isomorphic and pure; the server-only
// pieces (reading registrations, the live OBO probe) live beside it.
import { decodeJwt } from "jose";
import type { AppConfig } from "@/lib/config";
import { explain, type Ctx } from "./catalogue";
import type { AppFacts, Diagnosis, EntraFailure, Evidence, Flow } from "./types";

export type { AppFacts, Diagnosis, EntraFailure, Evidence, Flow } from "./types";
export { daemonHintOf, GRAPH_APP_ID, handlingOf, type Handling } from "./catalogue";

export function appFacts(config: AppConfig): AppFacts {
  const { entra } = config;
  let appOrigin: string | undefined;
  try {
    appOrigin = config.auth.url ? new URL(config.auth.url).origin : undefined;
  } catch {
    appOrigin = undefined;
  }
  return {
    instance: entra.instance,
    tenantId: entra.tenantId,
    frontendClientId: entra.frontend.clientId,
    backendClientId: entra.backend.clientId,
    backendAppIdUri: entra.backend.appIdUri,
    backendScope: entra.backend.scope,
    appOrigin,
  };
}

const EVIDENCE_CLAIMS = ["aud", "iss", "tid", "azp", "appid", "scp", "idtyp", "ver"] as const;

/** The claims that matter for a diagnosis, decoded (not verified) from a JWT; undefined if it is not one. */
export function evidenceOf(token: string | undefined): Evidence | undefined {
  if (!token) return undefined;
  let p: Record<string, unknown>;
  try {
    p = decodeJwt(token);
  } catch {
    return undefined;
  }
  const e: Evidence = {};
  for (const k of EVIDENCE_CLAIMS) if (typeof p[k] === "string") e[k] = p[k] as string;
  if (Array.isArray(p.aud) && typeof p.aud[0] === "string") e.aud = p.aud[0];
  if (Array.isArray(p.roles)) e.roles = p.roles.filter((r): r is string => typeof r === "string");
  if (typeof p.exp === "number") {
    e.exp = p.exp;
    e.expiresAt = new Date(p.exp * 1000).toISOString();
  }
  return e;
}

const AADSTS = /AADSTS(\d+)/;

/** From a /token error body (or any object with Entra's envelope fields). */
export function fromEntraBody(
  body: unknown,
  context: Omit<EntraFailure, "aadsts" | "error" | "suberror">,
): EntraFailure {
  const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
  const codes = Array.isArray(b.error_codes) ? b.error_codes : [];
  const fromDescription = typeof b.error_description === "string" ? AADSTS.exec(b.error_description)?.[1] : undefined;
  const fromUri = typeof b.error_uri === "string" ? /[?&]code=(\d+)/.exec(b.error_uri)?.[1] : undefined;
  const code = Number(codes[0] ?? fromDescription ?? fromUri);
  return {
    ...context,
    aadsts: Number.isInteger(code) && code > 0 ? code : undefined,
    error: typeof b.error === "string" ? b.error : undefined,
    suberror: typeof b.suberror === "string" ? b.suberror : undefined,
  };
}

/** From redirect parameters (error, error_description, error_uri, suberror) of /authorize. */
export function fromRedirect(
  params: URLSearchParams | Record<string, string | undefined>,
  context: Omit<EntraFailure, "aadsts" | "error" | "suberror">,
): EntraFailure {
  const get = (k: string) => (params instanceof URLSearchParams ? (params.get(k) ?? undefined) : params[k]);
  return fromEntraBody(
    {
      error: get("error"),
      error_description: get("error_description"),
      error_uri: get("error_uri"),
      suberror: get("suberror"),
    },
    context,
  );
}

/** MSAL's error shape (msal-node and msal-browser alike): errorCode = OAuth error, subError, errorNo = AADSTS. */
export interface MsalLikeError {
  errorCode?: string;
  subError?: string;
  errorMessage?: string;
  errorNo?: string | number;
  message?: string;
}

export function isMsalLikeError(err: unknown): err is MsalLikeError {
  return !!err && typeof err === "object" && typeof (err as MsalLikeError).errorCode === "string";
}

export function fromMsalError(
  err: MsalLikeError,
  context: Omit<EntraFailure, "aadsts" | "error" | "suberror">,
): EntraFailure {
  const no = Number(err.errorNo);
  const m = AADSTS.exec(err.errorMessage ?? err.message ?? "");
  const code = Number.isInteger(no) && no > 0 ? no : m ? Number(m[1]) : undefined;
  return { ...context, aadsts: code, error: err.errorCode || undefined, suberror: err.subError || undefined };
}

/** One of this app's two registrations, and the variables that configure it. */
function registration(id: string, which: "backend" | "frontend"): Ctx["client"] {
  const prefix = `ENTRA_${which.toUpperCase()}`;
  return {
    id,
    label: `the ${which} registration (${id})`,
    idVar: `${prefix}_CLIENT_ID`,
    secretVar: `${prefix}_CLIENT_SECRET`,
  };
}

function clientOf(failure: EntraFailure, facts: AppFacts): Ctx["client"] {
  const defaultId =
    failure.flow === "obo" || failure.flow === "client-credentials" ? facts.backendClientId : facts.frontendClientId;
  const id = failure.clientId ?? defaultId;
  if (id === facts.backendClientId) return registration(id, "backend");
  if (id === facts.frontendClientId) return registration(id, "frontend");
  return {
    id,
    label: `the application ${id}`,
    idVar: "the configured client id (ENTRA_*_CLIENT_ID, DAEMON_CLIENT_ID)",
    secretVar: "the configured client secret",
  };
}

const GENERIC: Record<string, { title: string; fix: string }> = {
  invalid_client: {
    title: "The client credentials were refused",
    fix: "Check the client id and its secret or certificate.",
  },
  consent_required: {
    title: "Consent is missing",
    fix: "Sign in interactively with prompt=consent, or grant admin consent.",
  },
  interaction_required: { title: "The user must sign in interactively", fix: "Fall back to an interactive sign-in." },
  login_required: { title: "No signed-in user", fix: "Fall back to an interactive sign-in." },
  access_denied: {
    title: "Access was denied",
    fix: "Sign in again; if it persists, check Conditional Access and consent for the app.",
  },
  temporarily_unavailable: { title: "Entra is temporarily unavailable", fix: "Retry after a moment." },
};

/** The structured explanation of one Entra failure in this app's terms. Never holds a token. */
export function diagnose(failure: EntraFailure, facts: AppFacts): Diagnosis {
  const evidence = evidenceOf(failure.token);
  const flow: Flow = failure.flow;
  const ctx: Ctx = { failure, facts, evidence, client: clientOf(failure, facts), flow };
  const code = failure.aadsts ?? null;
  const explained = code !== null ? explain(code, ctx) : undefined;
  const generic = GENERIC[failure.suberror ?? ""] ?? GENERIC[failure.error ?? ""];
  const what = code !== null ? `AADSTS${code}` : (failure.error ?? "unknown_error");
  const base = explained ?? {
    title: generic?.title ?? `Entra refused the request (${what})`,
    happened: `Entra answered ${what}${failure.error && code !== null ? ` (${failure.error})` : ""} to the ${flow} request of ${ctx.client.label}.`,
    cause: "This code has no specific explanation here; Microsoft's error reference below describes it.",
    fix: generic?.fix ?? "See the reference, and run `npm run doctor` to check the configuration end to end.",
  };
  const d: Diagnosis = { code: what, aadsts: code, flow, ...base };
  if (failure.error) d.error = failure.error;
  if (failure.suberror) d.suberror = failure.suberror;
  if (evidence && Object.keys(evidence).length) d.evidence = evidence;
  if (code !== null) d.reference = `https://login.microsoftonline.com/error?code=${code}`;
  return d;
}

/** Every code the catalogue explains (tests and the diagnostics page list them). */
export { CATALOGUE } from "./catalogue";
