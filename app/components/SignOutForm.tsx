"use client";
import type { ReactNode } from "react";
import { signOutEverywhere } from "@/lib/spa/sign-out";

// One sign-out for both modes. A plain POST /auth/signout form (works before hydration); once hydrated
// it first clears this tab's MSAL account, which an SPA page may have signed in.
export function SignOutForm({ children }: { children: ReactNode }) {
  return (
    <form
      action="/auth/signout"
      method="post"
      className="account"
      onSubmit={(event) => {
        event.preventDefault();
        void signOutEverywhere();
      }}
    >
      {children}
      <button className="button button-secondary" type="submit">
        Sign out
      </button>
    </form>
  );
}
