import type { Problem } from "@/lib/errors";

// What a user reads for each interruption, the same in both modes: one plain sentence and one action.
// Expected steps (consent, an extra sign-in step) are "info"; failures are "error".

export type NoticeAction = "grant" | "continue" | "retry";
export interface NoticeText {
  tone: "info" | "error";
  sentence: string;
  action: NoticeAction;
}

const SIGN_IN_AGAIN: NoticeText = { tone: "info", sentence: "Please sign in again to continue.", action: "continue" };
const TRY_LATER: NoticeText = {
  tone: "error",
  sentence: "The service is unavailable right now. Please try again in a moment.",
  action: "retry",
};

const TEXT: Partial<Record<Problem["code"], NoticeText>> = {
  ERR_OBO_CONSENT_REQUIRED: {
    tone: "info",
    sentence: "This page needs your permission to reach this information in Microsoft 365.",
    action: "grant",
  },
  ERR_OBO_CLAIMS_CHALLENGE: {
    tone: "info",
    sentence: "Your organization asks for an extra sign-in step to show this.",
    action: "continue",
  },
  ERR_INTERACTION_REQUIRED: SIGN_IN_AGAIN,
  ERR_UNAUTHENTICATED: SIGN_IN_AGAIN,
  ERR_INVALID_TOKEN: SIGN_IN_AGAIN,
  ERR_GRAPH_THROTTLED: {
    tone: "error",
    sentence: "The service is busy right now. Please try again in a moment.",
    action: "retry",
  },
  ERR_GRAPH_UNAVAILABLE: TRY_LATER,
  ERR_IDP_UNAVAILABLE: TRY_LATER,
  ERR_GRAPH_FORBIDDEN: {
    tone: "error",
    sentence: "Your account is not allowed to see this information.",
    action: "retry",
  },
  ERR_FORBIDDEN: { tone: "error", sentence: "Your account is not allowed to see this information.", action: "retry" },
  ERR_SPA_SIGN_IN: { tone: "error", sentence: "Signing you in failed. Please try again.", action: "retry" },
};

const FAILED: NoticeText = {
  tone: "error",
  sentence: "This information could not be loaded. Please try again.",
  action: "retry",
};

export function noticeFor(code: Problem["code"]): NoticeText {
  return TEXT[code] ?? FAILED;
}
