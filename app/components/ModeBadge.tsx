import { getConfig } from "@/lib/config";
import type { PageMode, PageName } from "@/lib/flags";

// Says which mode rendered this page; where the override cookie counts (dev, tests, canaries) it also
// flips the page to the other mode.
export function ModeBadge({ page, mode }: { page: PageName; mode: PageMode }) {
  const other: PageMode = mode === "spa" ? "server" : "spa";
  const label = mode === "spa" ? "SPA mode" : "server mode";
  return (
    <p>
      <span className="badge" data-testid="mode-badge" data-mode={mode}>
        {label}
        {getConfig().flags.overrideCookie ? (
          <>
            {" · "}
            <a href={`/page-mode?${new URLSearchParams({ page, mode: other })}`} data-testid="mode-flip">
              switch to {other} mode
            </a>
          </>
        ) : null}
      </span>
    </p>
  );
}
