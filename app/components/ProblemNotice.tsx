import type { Problem } from "@/lib/errors";
import { AdminDetails } from "./AdminDetails";
import { ConsentOutcomeNote } from "./ConsentOutcomeNote";
import { noticeFor } from "./notice-text";
import { RetryLink } from "./RetryLink";

// Every interruption of a page, in both modes: one sentence, one action, the details behind a disclosure.
// Server pages pass the action as a URL; SPA pages pass `onContinue` (msal-browser's redirect).
export function ProblemNotice({
  problem,
  retryHref,
  onContinue,
}: {
  problem: Problem;
  retryHref: string;
  onContinue?: () => void;
}) {
  const { tone, sentence, action } = noticeFor(problem.code);
  const hasAction = Boolean(problem.actionUrl || onContinue);
  return (
    <div
      className="card notice"
      role={tone === "error" ? "alert" : "status"}
      data-tone={tone}
      data-testid="problem"
      data-code={problem.code}
    >
      <p className="notice-title">{sentence}</p>
      {action === "grant" && problem.actionUrl ? (
        <>
          <p className="actions">
            <a className="button" href={problem.actionUrl} data-testid="grant-access">
              Grant access
            </a>
            <span className="muted">You will be asked to approve, then brought back here.</span>
          </p>
          <ConsentOutcomeNote />
        </>
      ) : action === "continue" && hasAction ? (
        <p className="actions">
          {onContinue ? (
            <button className="button" type="button" onClick={onContinue} data-testid="continue-step-up">
              Continue
            </button>
          ) : (
            <a className="button" href={problem.actionUrl} data-testid="continue-step-up">
              Continue
            </a>
          )}
          <span className="muted">You will be asked to sign in, then brought back here.</span>
        </p>
      ) : (
        <p className="actions">
          <RetryLink href={retryHref} seconds={problem.retryAfterSeconds} />
        </p>
      )}
      <AdminDetails problem={problem} />
    </div>
  );
}
