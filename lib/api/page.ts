import "server-only";
import { redirect } from "next/navigation";
import { resolveSessionCaller, type UserCaller } from "@/lib/bearer";
import { signInPath } from "@/lib/auth-paths";
import { AppError, type Problem } from "@/lib/errors";
import { OTHER, recordApiError } from "@/lib/health";
import { log } from "@/lib/log";
import { pageOfPath } from "@/lib/mode-route";
import { asAppError, recoveryUrl } from "./respond";

// Server-mode pages: run one lib call as the session's user and hand the page either the data or a
// serializable problem it can explain (consent, step-up, or a retry).

export type PageResult<T> = { ok: true; data: T } | { ok: false; problem: Problem };

export async function loadAsUser<T>(
  returnTo: string,
  load: (caller: UserCaller) => Promise<T>,
): Promise<PageResult<T>> {
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
  const e = asAppError(err, "page", correlationId);
  // Server-mode pages call the lib directly: their errors count as the API's, from a server-mode page.
  recordApiError(e.code, { page: pageOfPath(returnTo.split("?")[0]!) ?? OTHER, mode: "server" });
  if (e.code !== "ERR_UNEXPECTED")
    log.warn({ correlationId, code: e.code, aadsts: e.details.diagnosis?.code, path: returnTo }, "page: problem shown");
  const problem: Problem = { code: e.code, message: e.message, correlationId };
  if (e.details.retryAfterSeconds !== undefined)
    problem.retryAfterSeconds = Math.max(1, Math.ceil(e.details.retryAfterSeconds));
  if (e.details.diagnosis) problem.diagnosis = e.details.diagnosis;
  const actionUrl = recoveryUrl(e, returnTo);
  if (actionUrl) problem.actionUrl = actionUrl;
  return problem;
}
