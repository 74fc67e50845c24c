import "server-only";
import { redirect } from "next/navigation";
import { resolveSessionCaller, type UserCaller } from "@/lib/bearer";
import { backendConsentPath, signInPath } from "@/lib/session";
import { AppError, type Problem } from "@/lib/errors";
import { incrementalOnly } from "@/lib/incremental-scopes";
import { log, scrubText } from "@/lib/log";
import { reauthUrl } from "./respond";

// Server-mode pages: run one lib call as the session's user and hand the page either the data or a
// serializable problem it can explain (consent, step-up, or a retry).

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

/** An error as a page shows it (also for Server Actions): the message, and where to fix it when the user can. */
export function toProblem(err: unknown, returnTo: string): Problem {
  const correlationId = crypto.randomUUID();
  if (!(err instanceof AppError)) {
    log.error({ correlationId, err: scrubText(err instanceof Error ? `${err.name}: ${err.message}` : String(err)) }, "page: unexpected failure");
    return { code: "ERR_UNEXPECTED", message: "Something went wrong on the server.", correlationId };
  }
  log.warn({ correlationId, code: err.code, aadsts: err.details.diagnosis?.code, path: returnTo }, "page: problem shown");
  const problem: Problem = { code: err.code, message: err.message, correlationId };
  if (err.details.retryAfterSeconds !== undefined) problem.retryAfterSeconds = Math.max(1, Math.ceil(err.details.retryAfterSeconds));
  if (err.details.diagnosis) problem.diagnosis = err.details.diagnosis;
  if (err.code === "ERR_OBO_CONSENT_REQUIRED") problem.actionUrl = backendConsentPath(returnTo, incrementalOnly(err.details.scopes));
  if (err.code === "ERR_OBO_CLAIMS_CHALLENGE") problem.actionUrl = reauthUrl({ returnTo, claims: err.details.claims ?? "" });
  if (err.code === "ERR_INTERACTION_REQUIRED") problem.actionUrl = reauthUrl({ returnTo, prompt: "login" });
  return problem;
}
