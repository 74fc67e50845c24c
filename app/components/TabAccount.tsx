"use client";
import type { AccountInfo } from "@azure/msal-browser";
import { useEffect, useState } from "react";
import { createPortal } from "react-dom";
import { signOutEverywhere } from "@/lib/spa/sign-out";
import { Avatar } from "./Avatar";
import { HEADER_ACCOUNT_SLOT } from "./header-slot";

/**
 * The account an SPA page signed in with in the browser (msal-browser) when there is no server session: shown in the header
 * in place of the server's "Sign in" (which would contradict it), with its own Sign out.
 */
export function TabAccount({ account }: { account: AccountInfo }) {
  const [slot, setSlot] = useState<HTMLElement | null>(null);
  useEffect(() => {
    const el = document.getElementById(HEADER_ACCOUNT_SLOT);
    if (!el) return;
    el.dataset.tabAccount = "on";
    setSlot(el);
    return () => {
      delete el.dataset.tabAccount;
    };
  }, []);
  if (!slot) return null;
  return createPortal(
    <span className="tab-account">
      <span className="account" title={account.username}>
        <Avatar name={account.name ?? account.username} />
        <span className="account-name" data-testid="spa-signed-in-user">
          {account.name ?? account.username}
        </span>
      </span>
      <button
        className="button button-secondary"
        type="button"
        data-testid="spa-sign-out"
        onClick={() => void signOutEverywhere()}
      >
        Sign out
      </button>
    </span>,
    slot,
  );
}
