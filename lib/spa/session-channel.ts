// The app's own cross-tab channel (no MSAL: server-mode pages listen too). MSAL's localStorage cache
// already shares tokens between tabs; this tells every tab that the user signed out.
export const SESSION_CHANNEL = "app.session";

export type SessionMessage = { type: "signed-out" };

/** Tells the other tabs; this tab goes on to the server's sign-out itself. */
export function announceSignOut(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(SESSION_CHANNEL);
  channel.postMessage({ type: "signed-out" } satisfies SessionMessage);
  channel.close();
}
