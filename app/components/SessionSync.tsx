"use client";
import { useEffect } from "react";
import { isSigningOutHere, SESSION_CHANNEL, type SessionMessage } from "@/lib/spa/session-channel";

/**
 * Every tab of the app hears a sign-out in any other tab (BroadcastChannel) and leaves its page at once,
 * so a signed-out tab never keeps showing the user's data or calling the API with a cached token.
 */
export function SessionSync() {
  useEffect(() => {
    if (typeof BroadcastChannel === "undefined") return;
    const channel = new BroadcastChannel(SESSION_CHANNEL);
    channel.onmessage = (event: MessageEvent<SessionMessage>) => {
      const type = event.data?.type;
      if (isSigningOutHere() || window.location.pathname === "/signed-out") return;
      if (type === "signing-out" || type === "signed-out") document.body.hidden = true; // the data goes now
      // The signing-out tab was closed before its server answered: show this page as it now is.
      if (type === "signing-out") window.setTimeout(() => window.location.reload(), 5_000);
      // Only once the server's session has ended: /signed-out rendered earlier would still show the user.
      if (type === "signed-out") window.location.replace("/signed-out");
    };
    return () => channel.close();
  }, []);
  return null;
}
