import "server-only";
import { redirect } from "next/navigation";
import { resolveSessionCaller, type UserCaller } from "@/lib/auth/caller";
import { backendConsentPath, signInPath } from "@/lib/auth";
import type { Diagnosis } from "@/lib/diagnose";
import { AppError, type AppErrorCode } from "@/lib/errors";
import { OTHER, recordApiError } from "@/lib/health";
import { log } from "@/lib/log";
import { pageOfPath } from "@/lib/mode-route";
import { reauthUrl } from "./respond";

// Server-mode pages: run one lib call as the session's user and hand the page either the data or a
// serializable problem it can explain (consent, step-up, or a retry).

export interface Problem {
  code: AppErrorCode | "ERR_UNEXPECTED";
  message: string;
  /** Where to go to fix it (grant consent / satisfy a claims challenge), when the user can. */
  actionUrl?: string;
  /** For IdP-originated errors: what Entra refused and why (lib/diagnose). */
  diagnosis?: Diagnosis;
}

export type PageResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export async function loadAsUser<T>(returnTo: string, load: (caller: UserCaller) => Promise<T>): Promise<PageResult<T>> {
  let caller: UserCaller;
  try {
    caller = await resolveSessionCaller();
  } catch (err) {
    if (err instanceof AppError && err.code === "ERR_UNAUTHENTICATED") redirect(signInPath(returnTo));
    return { ok: false, problem: toProblem(err, returnTo) };
  }
  try {
    return { ok: true, data: await load(caller) };
  } catch (err) {
    return { ok: false, problem: toProblem(err, returnTo) };
  }
}

function toProblem(err: unknown, returnTo: string): Problem {
  // Server-mode pages call the lib directly: their errors count as the API's, from a server-mode page.
  recordApiError(err instanceof AppError ? err.code : "ERR_UNEXPECTED", { page: pageOfPath(returnTo.split("?")[0]!) ?? OTHER, mode: "server" });
  if (!(err instanceof AppError)) {
    log.error({ err: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }, "page: unexpected failure");
    return { code: "ERR_UNEXPECTED", message: "Something went wrong on the server." };
  }
  const problem: Problem = { code: err.code, message: err.message };
  if (err.details.diagnosis) problem.diagnosis = err.details.diagnosis;
  if (err.code === "ERR_OBO_CONSENT_REQUIRED") problem.actionUrl = backendConsentPath(returnTo);
  if (err.code === "ERR_OBO_CLAIMS_CHALLENGE") problem.actionUrl = reauthUrl({ returnTo, claims: err.details.claims ?? "" });
  if (err.code === "ERR_INTERACTION_REQUIRED") problem.actionUrl = reauthUrl({ returnTo, prompt: "login" });
  return problem;
}
