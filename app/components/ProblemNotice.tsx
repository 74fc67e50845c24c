import type { Problem } from "@/lib/api/page";
import { ConsentOutcomeNote } from "./ConsentOutcomeNote";
import { DiagnosisDetails } from "./DiagnosisDetails";

// What went wrong on a server-mode page, and the one thing the user can do about it.
export function ProblemNotice({ problem, retryHref }: { problem: Problem; retryHref: string }) {
  return (
    <div className="card" role="alert" data-testid="problem" data-code={problem.code}>
      <p className="error">{problem.message}</p>
      {problem.diagnosis ? <DiagnosisDetails diagnosis={problem.diagnosis} /> : null}
      {problem.code === "ERR_OBO_CONSENT_REQUIRED" && problem.actionUrl ? (
        <>
          <p>
            <a className="button" href={problem.actionUrl} data-testid="grant-access">
              Grant access
            </a>{" "}
            <span className="muted">You will be asked to approve the permissions this page needs, then brought back here.</span>
          </p>
          <ConsentOutcomeNote />
        </>
      ) : (problem.code === "ERR_OBO_CLAIMS_CHALLENGE" || problem.code === "ERR_INTERACTION_REQUIRED") && problem.actionUrl ? (
        <p>
          <a className="button" href={problem.actionUrl} data-testid="continue-step-up">
            Continue
          </a>{" "}
          <span className="muted">You will be asked to complete the extra sign-in step, then brought back here.</span>
        </p>
      ) : (
        <p>
          <a className="button" href={retryHref} data-testid="retry">
            Try again
          </a>
        </p>
      )}
    </div>
  );
}
