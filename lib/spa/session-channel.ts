// The app's own cross-tab channel (no MSAL: server-mode pages listen too). MSAL's localStorage cache
// already shares tokens between tabs; this tells every tab that the user signed out.
export const SESSION_CHANNEL = "app.session";

// "signing-out": hide the user's data now; "signed-out": the session on the server has ended, leave the page.
export type SessionMessage = { type: "signing-out" } | { type: "signed-out" };

// The tab that signs out hears its own message too (another channel object on the same page): it must
// go on to the server's sign-out rather than straight to /signed-out.
let signingOutHere = false;

export function isSigningOutHere(): boolean {
  return signingOutHere;
}

/** Tells the other tabs; this tab goes on to the server's sign-out itself. */
export function announceSignOut(type: SessionMessage["type"] = "signed-out"): void {
  signingOutHere = true;
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(SESSION_CHANNEL);
  channel.postMessage({ type } satisfies SessionMessage);
  channel.close();
}
