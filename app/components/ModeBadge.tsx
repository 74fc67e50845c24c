import { getConfig } from "@/lib/config";
import type { PageMode, PageName } from "@/lib/flags";

// For developers and canary testers only: where the override cookie counts (dev, tests, canaries) it says
// which mode rendered the page and flips it. Elsewhere users see no mode text; the mode stays readable
// to tests and support as a hidden marker.
export function ModeBadge({ page, mode }: { page: PageName; mode: PageMode }) {
  if (!getConfig().flags.overrideCookie) return <span hidden data-testid="mode-badge" data-mode={mode} />;
  const other: PageMode = mode === "spa" ? "server" : "spa";
  const label = mode === "spa" ? "SPA mode" : "server mode";
  return (
    <p className="dev-controls">
      <span className="badge" data-testid="mode-badge" data-mode={mode}>
        {label}
        {" · "}
        <a href={`/page-mode?${new URLSearchParams({ page, mode: other })}`} data-testid="mode-flip">
          switch to {other} mode
        </a>
      </span>
    </p>
  );
}
