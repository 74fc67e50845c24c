"use client";
// When the current in-app navigation started, for time-to-data: a full page load starts at the
// document's time origin (0); a client-side navigation (next/link, back/forward) at the click or popstate.
let startedAt = 0;
let installed = false;

export function navigationStart(): number {
  return startedAt;
}

export function installNavigationClock(): void {
  if (installed || typeof document === "undefined") return;
  installed = true;
  document.addEventListener(
    "click",
    (event) => {
      const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (
        !link ||
        event.defaultPrevented ||
        event.button !== 0 ||
        event.metaKey ||
        event.ctrlKey ||
        event.shiftKey ||
        event.altKey
      )
        return;
      if (link.origin === window.location.origin && link.target !== "_blank") startedAt = performance.now();
    },
    true,
  );
  window.addEventListener("popstate", () => (startedAt = performance.now()));
}
