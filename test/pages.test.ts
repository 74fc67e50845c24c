// The page registry (lib/pages.ts) is the one list of pages: every entry has all its parts, and every
// page in SPA mode's tree is in it. A page added without its registry entry, or an entry missing a part,
// fails here.
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isPageName, PAGE_NAMES, PAGES, pagePath } from "@/lib/pages";

describe("the page registry", () => {
  it.each(PAGE_NAMES)("%s has a server page, an SPA twin and the route handler both call", (page) => {
    expect(existsSync(`app/${page}/page.tsx`), "server page").toBe(true);
    expect(existsSync(`app/spa/${page}/page.tsx`), "SPA page").toBe(true);
    expect(existsSync(`app${PAGES[page].api}/route.ts`), "route handler").toBe(true);
  });

  it.each(PAGE_NAMES)("%s names a lib/graph function", async (page) => {
    const graph = (await import("@/lib/graph")) as Record<string, unknown>;
    expect(typeof graph[PAGES[page].graph.call]).toBe("function");
  });

  it("lists every page of the SPA tree", () => {
    const twins = readdirSync("app/spa", { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(twins.filter((name) => !isPageName(name))).toEqual([]);
  });

  it("knows its own names only", () => {
    expect(isPageName("profile")).toBe(true);
    expect(isPageName("toString")).toBe(false);
    expect(isPageName("spa")).toBe(false);
    expect(pagePath("groups")).toBe("/groups");
  });
});
