// The pages that have a mode flag: the one import of the page list in lib/rollout, so moving to the
// page registry changes this line only.
export { PAGES, type PageMode, type PageName } from "@/lib/flags";
