// The user resource: its Graph shape, $select, and the subset of $filter and $search the app relies on.
import type { User } from "../config.ts";
import type { Request } from "../http.ts";
import { GraphError } from "./errors.ts";
import type { CollectionModel } from "./query.ts";

/** What GET /users and /me return when no $select is given (same properties, same order as Graph). */
function defaultProperties(u: User): Record<string, unknown> {
  return {
    businessPhones: [],
    displayName: u.displayName,
    givenName: u.givenName ?? null,
    jobTitle: u.jobTitle ?? null,
    mail: u.mail ?? null,
    mobilePhone: null,
    officeLocation: u.officeLocation ?? null,
    preferredLanguage: null,
    surname: u.surname ?? null,
    userPrincipalName: u.userPrincipalName,
    id: u.oid,
  };
}

export function graphUser(u: User): Record<string, unknown> {
  return {
    ...defaultProperties(u),
    accountEnabled: u.accountEnabled,
    department: u.department ?? null,
    mailNickname: u.userPrincipalName.split("@")[0],
    userType: "Member",
    usageLocation: null,
  };
}

const NOBODY = { oid: "", userPrincipalName: "x@y", displayName: "" } as User;
const DEFAULT_SELECT = Object.keys(defaultProperties(NOBODY));
const PROPERTIES = new Map(Object.keys(graphUser(NOBODY)).map((p) => [p.toLowerCase(), p]));

/** Canonical property names from $select (case-insensitive like Graph); undefined = the default set. */
export function parseSelect(req: Request): string[] | undefined {
  const raw = req.url.searchParams.get("$select");
  if (raw === null || raw.trim() === "") return undefined;
  return raw.split(",").map((name) => {
    const canonical = PROPERTIES.get(name.trim().toLowerCase());
    if (!canonical)
      throw new GraphError(
        400,
        "Request_BadRequest",
        `Could not find a property named '${name.trim()}' on type 'microsoft.graph.user'.`,
      );
    return canonical;
  });
}

export function project(u: User, select: string[] | undefined): Record<string, unknown> {
  const full = graphUser(u);
  return Object.fromEntries((select ?? DEFAULT_SELECT).map((p) => [p, full[p]]));
}

/** The @odata.context fragment: `users` or `users(displayName,mail)`. */
export function usersFragment(select: string[] | undefined): string {
  return select ? `users(${select.join(",")})` : "users";
}

export function byDisplayName(a: User, b: User): number {
  return a.displayName.localeCompare(b.displayName, "en") || a.oid.localeCompare(b.oid);
}

// ---- $filter, $search, $orderby ------------------------------------------------------------------

/** The text properties $filter takes with both eq and startsWith. */
const TEXT_FILTERS = ["displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "department"];

/** What Graph lets a query do with each user property (learn.microsoft.com, user resource, $filter support). */
export const USER_QUERIES: CollectionModel<User> = {
  entity: "User",
  get: (u, prop) => graphUser(u)[prop],
  equality: ["id", ...TEXT_FILTERS, "officeLocation", "accountEnabled", "userType", "mailNickname"],
  startsWith: [...TEXT_FILTERS, "mailNickname"],
  endsWith: ["mail", "userPrincipalName"],
  search: ["displayName", "givenName", "surname", "mail", "userPrincipalName", "jobTitle", "mailNickname"],
  orderBy: ["displayName", "userPrincipalName"],
  defaultOrder: byDisplayName,
};

export function findUser(users: readonly User[], idOrUpn: string): User | undefined {
  const key = idOrUpn.toLowerCase();
  return users.find((u) => u.oid.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key);
}
