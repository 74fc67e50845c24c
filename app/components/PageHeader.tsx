import type { PageMode } from "@/lib/flags";
import { PAGES, type PageName } from "@/lib/pages";
import { ModeBadge } from "./ModeBadge";

/** A registered page's heading (from lib/pages) and the badge of the mode that rendered it: both modes alike. */
export function PageHeader({ page, mode }: { page: PageName; mode: PageMode }) {
  return (
    <>
      <h1>{PAGES[page].title}</h1>
      <ModeBadge page={page} mode={mode} />
    </>
  );
}
