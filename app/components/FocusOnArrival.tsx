"use client";
import { useEffect } from "react";

/** Moves focus to an element once it is on screen (e.g. the results after paging), when `when` holds. */
export function FocusOnArrival({ targetId, when }: { targetId: string; when: boolean }) {
  useEffect(() => {
    if (when) document.getElementById(targetId)?.focus();
  }, [targetId, when]);
  return null;
}
