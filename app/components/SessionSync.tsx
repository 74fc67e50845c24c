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
      if (event.data?.type !== "signed-out" || isSigningOutHere() || window.location.pathname === "/signed-out") return;
      document.body.hidden = true; // the data goes now, not when the next page has loaded
      window.location.replace("/signed-out");
    };
    return () => channel.close();
  }, []);
  return null;
}
