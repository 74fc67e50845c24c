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

export const PAGES = {
  profile: {
    title: "Profile",
    nav: "Profile",
    card: { title: "Your profile", text: "Your name, job title, office and photo, as your organization has them." },
    api: "/api/me",
    graph: { call: "getMe", scope: "User.Read" },
  },
  directory: {
    title: "Directory",
    nav: "Directory",
    card: { title: "People directory", text: "Find anyone in your organization by name or email." },
    api: "/api/directory",
    graph: { call: "searchPeople", scope: "User.ReadBasic.All" },
  },
  groups: {
    title: "My groups",
    nav: "Groups",
    card: { title: "Your groups", text: "Every group you belong to, with a filter for long lists." },
    api: "/api/groups",
    graph: { call: "getMyGroups", scope: "GroupMember.Read.All" },
  },
  tasks: {
    title: "Tasks",
    nav: "Tasks",
    card: { title: "Your tasks", text: "Your Microsoft To Do lists: add, rename, complete and delete tasks." },
    api: "/api/tasks/lists",
    // Asked for after the first consent (lib/incremental-scopes.ts): the page's Grant access adds it.
    graph: { call: "listTaskLists", scope: "Tasks.ReadWrite" },
  },
} as const satisfies Record<string, PageSpec>;

export type PageName = keyof typeof PAGES;

/** The registered pages, in the order the header and the home page list them. */
export const PAGE_NAMES = Object.keys(PAGES) as [PageName, ...PageName[]];

export function isPageName(value: string): value is PageName {
  return Object.hasOwn(PAGES, value);
}

/** The page's public path: /profile (proxy.ts serves the SPA twin under /spa/profile there when flagged). */
export const pagePath = (page: PageName): string => `/${page}`;
