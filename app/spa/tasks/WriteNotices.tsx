"use client";
import type { ReactNode } from "react";
import { ConflictNotice } from "@/app/components/tasks/ConflictNotice";
import { RetryNotice } from "@/app/components/tasks/RetryNotice";
import { ProblemNotice } from "@/app/components/ProblemNotice";
import { pagePath } from "@/lib/pages";
import type { WriteState } from "./use-task-write";

/** What a failed write left to say: the rollback, a retry countdown, a problem, or a conflict (children: its choices). */
export function WriteNotices({
  state,
  onRetry,
  children,
}: {
  state: WriteState;
  onRetry: () => void;
  children?: ReactNode;
}) {
  return (
    <>
      {state.notice ? (
        <p className="error" role="status" data-testid="write-notice">
          {state.notice}
        </p>
      ) : null}
      {state.retry ? (
        <RetryNotice
          seconds={state.retry.seconds}
          message={state.retry.message}
          attempt={state.seq}
          onElapsed={onRetry}
        />
      ) : null}
      {state.problem ? <ProblemNotice problem={state.problem} retryHref={pagePath("tasks")} /> : null}
      {state.conflict ? <ConflictNotice current={state.conflict}>{children}</ConflictNotice> : null}
    </>
  );
}
