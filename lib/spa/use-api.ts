"use client";
import { InteractionRequiredAuthError, type AccountInfo, type IPublicClientApplication, type RedirectRequest } from "@azure/msal-browser";
import { useMsal } from "@azure/msal-react";
import { createContext, useContext, useEffect, useState } from "react";
import useSWR from "swr";
import type { Problem } from "@/lib/api/page";
import type { AppFacts } from "@/lib/diagnose";
import { CALLING_PAGE_HEADER } from "@/lib/health/beacon";
import { explainMsalError, readApiError, unexpectedProblem } from "./api";

// SPA data: a token from msal-browser (silently), the same /api routes as server mode with
// `Authorization: Bearer`, SWR for caching. A claims challenge or a token MSAL cannot renew silently
// leads to ONE interactive redirect per page (remembered in sessionStorage, so no redirect loop).

export interface ApiState<T> {
  data: T | undefined;
  error: Problem | undefined;
  isLoading: boolean;
}

/** Thrown while the browser is on its way to the IdP: the page keeps showing "loading". */
class Redirecting extends Error {}
class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.code);
  }
}

/** The API scopes SPA tokens are for, from the server's configuration (set by SpaAuthProvider). */
export const ApiScopesContext = createContext<string[]>([]);
/** This app's public settings, to explain Entra's refusals of token requests (set by SpaAuthProvider). */
export const DiagnoseFactsContext = createContext<AppFacts | undefined>(undefined);

type Call = { pca: IPublicClientApplication; scopes: string[]; path: string; facts?: AppFacts };

const interactionMarker = (path: string) => `spa-interaction:${new URL(path, window.location.href).pathname}`;

async function interactive({ pca, path }: Call, request: RedirectRequest, onceMore: Problem): Promise<never> {
  const marker = interactionMarker(path);
  if (sessionStorage.getItem(marker)) {
    // Already came back from one interactive attempt for this page: show the problem (its "Try again" allows one more).
    sessionStorage.removeItem(marker);
    throw new ProblemError(onceMore);
  }
  sessionStorage.setItem(marker, "1");
  await pca.acquireTokenRedirect({ ...request, account: pca.getActiveAccount() ?? undefined, redirectStartPage: window.location.href });
  throw new Redirecting();
}

async function getToken(call: Call, opts: { claims?: string; forceRefresh?: boolean } = {}): Promise<string> {
  const { pca, scopes } = call;
  try {
    return (await pca.acquireTokenSilent({ scopes, account: pca.getActiveAccount() ?? undefined, claims: opts.claims, forceRefresh: opts.forceRefresh })).accessToken;
  } catch (err) {
    if (!(err instanceof InteractionRequiredAuthError)) {
      // Entra refused the silent token request (refresh token grant): say what and why, as the server pages do.
      const diagnosis = explainMsalError(err, "refresh", call.facts, { origin: window.location.origin, scopes });
      if (diagnosis) throw new ProblemError({ code: "ERR_UNEXPECTED", message: "The browser could not get a token for the API.", diagnosis });
      throw err;
    }
    const prompt = err.errorCode === "consent_required" ? "consent" : undefined;
    return interactive(call, { scopes, claims: opts.claims, prompt }, { code: opts.claims ? "ERR_OBO_CLAIMS_CHALLENGE" : "ERR_UNAUTHENTICATED", message: "Signing in again did not help. Try again." });
  }
}

async function callApi(call: Call, as: "json" | "blob"): Promise<unknown> {
  const { path } = call;
  let token = await getToken(call);
  for (let attempt = 0; ; attempt++) {
    // The calling page and its mode, so the API counts its errors per mode (lib/health).
    const from = `${window.location.pathname.split("/")[1]}=spa`;
    const response = await fetch(path, { headers: { authorization: `Bearer ${token}`, [CALLING_PAGE_HEADER]: from }, cache: "no-store" });
    if (response.ok) {
      sessionStorage.removeItem(interactionMarker(path));
      return as === "json" ? response.json() : response.blob();
    }
    const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
    const outcome = readApiError(response.status, response.headers.get("www-authenticate"), body);
    if (outcome.kind === "problem") throw new ProblemError(outcome.problem);
    if (attempt > 0) {
      // A renewed token did not satisfy the API: the user must take part (MFA, fresh sign-in).
      const claims = outcome.kind === "claims" ? outcome.claims : undefined;
      return interactive(call, { scopes: call.scopes, claims }, { code: claims ? "ERR_OBO_CLAIMS_CHALLENGE" : "ERR_INVALID_TOKEN", message: "Signing in again did not help. Try again." });
    }
    token = await getToken(call, outcome.kind === "claims" ? { claims: outcome.claims } : { forceRefresh: true });
  }
}

function toState<T>(data: T | undefined, error: unknown, isLoading: boolean): ApiState<T> {
  if (error instanceof Redirecting) return { data: undefined, error: undefined, isLoading: true };
  if (error instanceof ProblemError) return { data, error: error.problem, isLoading: false };
  if (error) return { data, error: unexpectedProblem(), isLoading: false };
  return { data, error: undefined, isLoading };
}

const SWR_OPTIONS = { revalidateOnFocus: false, revalidateOnReconnect: false, shouldRetryOnError: false } as const;

// The active account is set before any page renders (SpaAuthProvider); msal-react's `accounts` fills in
// an effect later, so keying on it alone would change the key once and fetch everything twice.
const accountKey = (pca: IPublicClientApplication, accounts: AccountInfo[]) => (pca.getActiveAccount() ?? accounts[0])?.homeAccountId ?? "";

/** GET `path` (e.g. "/api/me") as the signed-in MSAL account; `null` skips the call. */
export function useApi<T>(path: string | null): ApiState<T> {
  const { instance, accounts } = useMsal();
  const scopes = useContext(ApiScopesContext);
  const facts = useContext(DiagnoseFactsContext);
  const key = path ? ["api", path, accountKey(instance, accounts)] : null;
  const { data, error, isLoading } = useSWR(key, () => callApi({ pca: instance, scopes, path: path!, facts }, "json") as Promise<T>, SWR_OPTIONS);
  return toState(data, error, isLoading);
}

/** An image from the API (e.g. "/api/me/photo") as an object URL; undefined while loading or when absent. */
export function useApiImage(path: string): string | undefined {
  const { instance, accounts } = useMsal();
  const scopes = useContext(ApiScopesContext);
  const { data } = useSWR(["api-blob", path, accountKey(instance, accounts)], () => callApi({ pca: instance, scopes, path }, "blob") as Promise<Blob>, SWR_OPTIONS);
  const [url, setUrl] = useState<string>();
  useEffect(() => {
    if (!data) return;
    const objectUrl = URL.createObjectURL(data);
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [data]);
  return url;
}
