"use client";
import { broadcastResponseToMainFrame } from "@azure/msal-browser/redirect-bridge";
import { useEffect } from "react";

export function RedirectBridge() {
  useEffect(() => {
    broadcastResponseToMainFrame().catch(() => window.location.replace("/"));
  }, []);
  return null;
}
