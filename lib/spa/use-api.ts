"use client";
import { InteractionRequiredAuthError, type IPublicClientApplication } from "@azure/msal-browser";
import { createContext, useContext, useEffect, useState } from "react";
import useSWR, { type KeyedMutator } from "swr";
import type { Problem } from "@/lib/errors";
import type { AppFacts } from "@/lib/diagnose";
import { CALLING_PAGE_HEADER } from "@/lib/health/beacon";
import { explainMsalError, problemDetails, readApiError, unexpectedProblem } from "./api";
import { SpaSessionContext } from "./session";

// SPA data: a token from msal-browser (silently), the same /api routes as server mode with
// `Authorization: Bearer`, SWR for caching. Nothing here leaves the page on its own: a claims challenge
// or a token MSAL cannot renew silently becomes the same notice server pages show, and its Continue
// (the user's click) starts msal-browser's redirect.

export interface ApiState<T> {
  data: T | undefined;
  error: Problem | undefined;
  isLoading: boolean;
  /** SWR's mutate for this call's cache entry (optimistic updates, revalidation). */
  mutate: KeyedMutator<T>;
  /** For a notice whose action is Continue: msal-browser's redirect with what the problem asks for. */
  onContinue?: () => void;
}

class ProblemError extends Error {
  constructor(
    readonly problem: Problem,
    /** The API's own answer, when there was one: its status, body and Retry-After (seconds). */
    readonly response?: { status: number; body: Record<string, unknown> | undefined; retryAfterSeconds?: number },
  ) {
    super(problem.code);
  }
}

/** A write the API refused (or that could not be made): what to show, and the API's answer to act on. */
export type ApiWriteError = ProblemError;
export const isApiWriteError = (err: unknown): err is ApiWriteError => err instanceof ProblemError;

/** A write's request: method, JSON body and extra headers (If-Match, Idempotency-Key). */
export interface WriteInit {
  method: "POST" | "PATCH" | "DELETE";
  body?: unknown;
  headers?: Record<string, string>;
}

/** The API scopes SPA tokens are for, from the server's configuration (set by SpaAuthProvider). */
export const ApiScopesContext = createContext<string[]>([]);
/** This app's public settings, to explain Entra's refusals of token requests (set by SpaAuthProvider). */
export const DiagnoseFactsContext = createContext<AppFacts | undefined>(undefined);

type Call = { pca: IPublicClientApplication; scopes: string[]; path: string; facts?: AppFacts; write?: WriteInit };

const AGAIN = "Signing in again is needed for this information.";

type Details = ReturnType<typeof problemDetails>;

/** `details`: what the API said when it asked for this token (its diagnosis and correlation id). */
async function getToken(
  call: Call,
  opts: { claims?: string; forceRefresh?: boolean; details?: Details } = {},
): Promise<string> {
  const { pca, scopes } = call;
  try {
    return (
      await pca.acquireTokenSilent({
        scopes,
        account: pca.getActiveAccount() ?? undefined,
        claims: opts.claims,
        forceRefresh: opts.forceRefresh,
      })
    ).accessToken;
  } catch (err) {
    if (!(err instanceof InteractionRequiredAuthError)) {
      // Entra refused the silent token request (refresh token grant): say what and why, as the server pages do.
      const diagnosis = explainMsalError(err, "refresh", call.facts, { origin: window.location.origin, scopes });
      if (diagnosis)
        throw new ProblemError({
          code: "ERR_UNEXPECTED",
          message: "The browser could not get a token for the API.",
          diagnosis,
        });
      throw err;
    }
    const explained = explainMsalError(err, "refresh", call.facts, { origin: window.location.origin, scopes });
    const details = { ...(explained ? { diagnosis: explained } : {}), ...opts.details };
    if (opts.claims)
      throw new ProblemError({
        code: "ERR_OBO_CLAIMS_CHALLENGE",
        message: AGAIN,
        interaction: { claims: opts.claims },
        ...details,
      });
    const prompt = err.errorCode === "consent_required" ? "consent" : "login";
    throw new ProblemError({ code: "ERR_INTERACTION_REQUIRED", message: AGAIN, interaction: { prompt }, ...details });
  }
}

function requestInit(write: WriteInit | undefined, token: string): RequestInit {
  // The calling page and its mode, so the API counts its errors per mode (lib/health).
  const from = `${window.location.pathname.split("/")[1]}=spa`;
  const headers: Record<string, string> = {
    authorization: `Bearer ${token}`,
    [CALLING_PAGE_HEADER]: from,
    ...write?.headers,
  };
  if (write?.body !== undefined) headers["content-type"] = "application/json";
  return {
    method: write?.method ?? "GET",
    headers,
    body: write?.body === undefined ? undefined : JSON.stringify(write.body),
    cache: "no-store",
  };
}

async function callApi(call: Call, as: "json" | "blob"): Promise<unknown> {
  let token = await getToken(call);
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(call.path, requestInit(call.write, token));
    if (response.ok) {
      if (response.status === 204) return undefined;
      return as === "json" ? response.json() : response.blob();
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    const retryAfterHeader = response.headers.get("retry-after");
    const outcome = readApiError(response.status, response.headers.get("www-authenticate"), body, retryAfterHeader);
    const retryAfter = Number(retryAfterHeader);
    if (outcome.kind === "problem")
      throw new ProblemError(outcome.problem, {
        status: response.status,
        body,
        retryAfterSeconds: Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
      });
    const claims = outcome.kind === "claims" ? outcome.claims : undefined;
    if (attempt > 0) {
      // A renewed token did not satisfy the API: the user must take part (MFA, a fresh sign-in).
      const message = typeof body?.message === "string" ? body.message : AGAIN;
      const code = claims ? "ERR_OBO_CLAIMS_CHALLENGE" : "ERR_INTERACTION_REQUIRED";
      throw new ProblemError({
        code,
        message,
        interaction: claims ? { claims } : { prompt: "login" },
        ...problemDetails(body),
      });
    }
    const details = problemDetails(body);
    token = await getToken(call, claims ? { claims, details } : { forceRefresh: true, details });
  }
}

function toState<T>(data: T | undefined, error: unknown, isLoading: boolean): Omit<ApiState<T>, "mutate"> {
  if (error instanceof ProblemError) return { data, error: error.problem, isLoading: false };
  if (error) return { data, error: unexpectedProblem(), isLoading: false };
  return { data, error: undefined, isLoading };
}

const SWR_OPTIONS = { revalidateOnFocus: false, revalidateOnReconnect: false, shouldRetryOnError: false } as const;

/** GET `path` (e.g. "/api/me") as the signed-in MSAL account; `null` skips the call. */
export function useApi<T>(path: string | null): ApiState<T> {
  const session = useContext(SpaSessionContext);
  const scopes = useContext(ApiScopesContext);
  const facts = useContext(DiagnoseFactsContext);
  const ready = session.status === "ready" ? session : undefined;
  const key = path && ready ? ["api", path, ready.account.homeAccountId] : null;
  const { data, error, isLoading, mutate } = useSWR(
    key,
    () => callApi({ pca: ready!.pca, scopes, path: path!, facts }, "json") as Promise<T>,
    SWR_OPTIONS,
  );
  if (session.status === "failed") return { data: undefined, error: session.problem, isLoading: false, mutate };
  const state: ApiState<T> = { ...toState(data, error, !ready || isLoading), mutate };
  const interaction = state.error?.interaction;
  if (ready && interaction) {
    state.onContinue = () =>
      void ready.pca.acquireTokenRedirect({
        scopes,
        ...interaction,
        account: ready.account,
        redirectStartPage: window.location.href,
      });
  }
  return state;
}

/**
 * A write to the API as the signed-in MSAL account (POST/PATCH/DELETE with a JSON body): resolves with
 * the API's JSON (undefined for 204), rejects with an ApiWriteError. Never leaves the page to sign in: a
 * token that needs the user's interaction comes back as a problem whose Continue the page offers.
 */
export function useApiWrite(): <T>(path: string, init: WriteInit) => Promise<T> {
  const session = useContext(SpaSessionContext);
  const scopes = useContext(ApiScopesContext);
  const facts = useContext(DiagnoseFactsContext);
  return <T>(path: string, init: WriteInit) => {
    if (session.status !== "ready")
      return Promise.reject(new ProblemError({ code: "ERR_UNAUTHENTICATED", message: "Sign in to save this." }));
    return callApi({ pca: session.pca, scopes, path, facts, write: init }, "json") as Promise<T>;
  };
}

/** An image from the API (e.g. "/api/me/photo") as an object URL; undefined while loading or when absent (the initials show). */
export function useApiImage(path: string): { url: string | undefined } {
  const session = useContext(SpaSessionContext);
  const scopes = useContext(ApiScopesContext);
  const ready = session.status === "ready" ? session : undefined;
  const key = ready ? ["api-blob", path, ready.account.homeAccountId] : null;
  const { data } = useSWR(key, () => callApi({ pca: ready!.pca, scopes, path }, "blob") as Promise<Blob>, SWR_OPTIONS);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!data) return;
    const objectUrl = URL.createObjectURL(data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [data]);
  return { url };
}
