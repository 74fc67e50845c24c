"use client";
import { useEffect } from "react";

/** Moves focus to an element once it is on screen, when the URL's fragment names it (e.g. after paging). */
export function FocusOnArrival({ targetId }: { targetId: string }) {
  useEffect(() => {
    if (window.location.hash === `#${targetId}`) document.getElementById(targetId)?.focus();
  }, [targetId]);
  return null;
}
