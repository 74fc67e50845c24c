// The page registry: every page that runs in either mode (server-rendered, or SPA under app/spa/). The
// flags (SPA_PAGES, the override cookie), proxy.ts's mode routing, the header, the home page, the page
// headings and titles, /page-mode and the Graph permission each page's lib/graph call asks for all derive
// from it. Pure, for proxy.ts and the browser alike. Adding a page: see "Adding a page" in the README.

export interface PageSpec {
  /** The heading and the document title of the page in both modes. */
  title: string;
  /** The header link. */
  nav: string;
  /** The home page's card: its heading and its line about the page. */
  card: { title: string; text: string };
  /** The route handler both modes call (server pages through lib, SPA pages with a bearer token). */
  api: string;
  /** The lib/graph function behind that route, and the delegated Graph permission it asks for (OBO). */
  graph: { call: string; scope: string };
}

/** A registry entry: the page (its header link is its title unless `nav` says otherwise), then its home-page card. */
function page(
  { title, nav = title, api, graph }: Omit<PageSpec, "nav" | "card"> & { nav?: string },
  card: PageSpec["card"],
): PageSpec {
  return { title, nav, card, api, graph };
}

export const PAGES = {
  profile: page(
    { title: "Profile", api: "/api/me", graph: { call: "getMe", scope: "User.Read" } },
    { title: "Your profile", text: "Your name, job title, office and photo, as your organization has them." },
  ),
  directory: page(
    { title: "Directory", api: "/api/directory", graph: { call: "searchPeople", scope: "User.ReadBasic.All" } },
    { title: "People directory", text: "Find anyone in your organization by name or email." },
  ),
  groups: page(
    {
      title: "My groups",
      nav: "Groups",
      api: "/api/groups",
      graph: { call: "getMyGroups", scope: "GroupMember.Read.All" },
    },
    { title: "Your groups", text: "Every group you belong to, with a filter for long lists." },
  ),
  tasks: page(
    // Its scope is asked for after the first consent (lib/incremental-scopes.ts): the page's Grant access adds it.
    { title: "Tasks", api: "/api/tasks/lists", graph: { call: "listTaskLists", scope: "Tasks.ReadWrite" } },
    { title: "Your tasks", text: "Your Microsoft To Do lists: add, rename, complete and delete tasks." },
  ),
} satisfies Record<string, PageSpec>;

export type PageName = keyof typeof PAGES;

/** The registered pages, in the order the header and the home page list them. */
export const PAGE_NAMES = Object.keys(PAGES) as [PageName, ...PageName[]];

export function isPageName(value: string): value is PageName {
  return Object.hasOwn(PAGES, value);
}

/** The page's public path: /profile (proxy.ts serves the SPA twin under /spa/profile there when flagged). */
export const pagePath = (page: PageName): string => `/${page}`;
