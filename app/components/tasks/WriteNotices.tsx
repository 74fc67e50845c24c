"use client";
import type { ReactNode } from "react";
import type { Problem } from "@/lib/errors";
import type { Task } from "@/lib/graph/todo-types";
import { ConflictNotice } from "./ConflictNotice";
import { RetryNotice } from "./RetryNotice";
import { ProblemNotice } from "@/app/components/ProblemNotice";

/** What a write that did not go through answers, in either mode (a Server Action's state or the SPA's). */
export interface WriteOutcome {
  /** One more per answer: restarts a retry countdown. */
  seq: number;
  retry?: { seconds: number; message: string };
  conflict?: Task;
  problem?: Problem;
  /** SPA mode: what was undone, e.g. "“Buy milk” was not added." */
  notice?: string;
}

/** What a failed write left to say: the rollback, a retry countdown, a problem, or a conflict (children: its choices). */
export function WriteNotices({
  state,
  onRetry,
  returnTo,
  children,
}: {
  state: WriteOutcome;
  onRetry: () => void;
  returnTo: string;
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
      {state.problem ? <ProblemNotice problem={state.problem} retryHref={returnTo} /> : null}
      {state.conflict ? <ConflictNotice current={state.conflict}>{children}</ConflictNotice> : null}
    </>
  );
}
