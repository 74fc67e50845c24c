"use client";
import { announceSignOut } from "./session-channel";
// Sign-out in both halves. Free of MSAL on purpose: the header (on every page) imports it, and only
// an SPA page, which has MSAL loaded anyway, registers the step that clears MSAL's account.

type Step = () => Promise<void>;
const steps = new Set<Step>();

/** An SPA page's MSAL clean-up; returns the unregister function. */
export function beforeSignOut(step: Step): () => void {
  steps.add(step);
  return () => steps.delete(step);
}

/** MSAL's localStorage cache key (a session cookie): without it the encrypted entries cannot be read. */
const MSAL_CACHE_KEY_COOKIE = "msal.cache.encryption";

/** Keys msal-browser keeps in a storage (tokens, accounts, interaction state). */
export function clearBrowserTokens(
  storage: Pick<Storage, "length" | "key" | "removeItem"> = window.sessionStorage,
): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith("msal.")) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}

/**
 * Ends the MSAL account (registered steps, then any MSAL keys left in this tab) and the server
 * session (POST /auth/signout), tells the other tabs, then ends the IdP session at its end-session endpoint.
 */
export async function signOutEverywhere(): Promise<void> {
  await Promise.allSettled([...steps].map((step) => step()));
  try {
    clearBrowserTokens(window.localStorage); // the encrypted cache every tab shares
    clearBrowserTokens(window.sessionStorage); // interaction state
    document.cookie = `${MSAL_CACHE_KEY_COOKIE}=; Max-Age=0; Path=/; Secure; SameSite=None`;
  } catch {
    // storage disabled: nothing was cached either
  }
  announceSignOut("signing-out");
  const logoutUrl = await endServerSession();
  announceSignOut("signed-out");
  if (logoutUrl) {
    window.location.assign(logoutUrl);
    return;
  }
  // The server did not answer as expected: the plain form post does the whole sign-out instead.
  const form = document.createElement("form");
  form.method = "post";
  form.action = "/auth/signout";
  document.body.appendChild(form);
  form.submit();
}

/** Ends the session on the server; returns the IdP's end-session URL, or null when that failed. */
async function endServerSession(): Promise<string | null> {
  try {
    const res = await fetch("/auth/signout", { method: "POST", headers: { accept: "application/json" } });
    if (!res.ok) return null;
    const { logoutUrl } = (await res.json()) as { logoutUrl?: unknown };
    return typeof logoutUrl === "string" && /^https:\/\//.test(logoutUrl) ? logoutUrl : null;
  } catch {
    return null;
  }
}
