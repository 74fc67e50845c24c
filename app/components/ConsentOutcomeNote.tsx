"use client";
import { useSearchParams } from "next/navigation";

// After "Grant access" the consent callback returns with ?consent=declined|failed when no consent was given.
const TEXT: Record<string, string> = {
  declined: "You declined the permissions, so this information cannot be shown. Choose Grant access to try again.",
  failed: "The permissions could not be granted. Try again, or ask an administrator to grant them.",
};

export function ConsentOutcomeNote() {
  const text = TEXT[useSearchParams().get("consent") ?? ""];
  return text ? (
    <p className="muted" data-testid="consent-outcome">
      {text}
    </p>
  ) : null;
}
