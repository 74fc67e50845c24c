"use client";
import { installNavigationClock } from "@/lib/health/navigation-clock";

// Installed from the first render, so a client-side navigation's start is known to the page it leads to.
installNavigationClock();

export function NavigationClock() {
  return null;
}
