// The pages that have a mode flag, from the page registry: the one import of the page list in lib/rollout.
export { PAGE_NAMES as PAGES, type PageName } from "@/lib/pages";
export type { PageMode } from "@/lib/flags";
