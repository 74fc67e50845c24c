import "server-only";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { graphJson } from "./client";
import { isPageToken, pageTokenOf, skipTokenOf } from "./paging";
import type { DirectoryHealth, DisabledUser, DisabledUsersPage, GraphCollection, GraphUser } from "./types";

// Graph as the backend itself (application permission User.Read.All), for callers with no user of their
// own in the loop: the service API's daemons, and the admin page (which authorizes the user by app role
// first). Never reachable from a user's delegated request, so no user can read more than consent allows.

export const DISABLED_USERS_PAGE_SIZE = 100;
export const MAX_PAGE_SIZE = 999;
const DISABLED = "accountEnabled eq false";
const DISABLED_FIELDS = "id,displayName,userPrincipalName,mail";
// Counting users is an advanced query: Graph needs ConsistencyLevel: eventual with $count.
const EVENTUAL = { ConsistencyLevel: "eventual" };

function reshapeDisabledUser(u: GraphUser): DisabledUser {
  return {
    id: u.id,
    displayName: u.displayName ?? "",
    userPrincipalName: u.userPrincipalName ?? "",
    mail: u.mail ?? null,
  };
}

const query = (params: Record<string, string>) => new URLSearchParams(params).toString().replaceAll("+", "%20");

/** One page of the tenant's disabled accounts; `pageToken` comes from the previous page's nextPage. */
export async function listDisabledUsers(
  pageToken?: string | null,
  pageSize = DISABLED_USERS_PAGE_SIZE,
): Promise<DisabledUsersPage> {
  if (pageToken && !isPageToken(pageToken))
    throw new AppError("ERR_BAD_REQUEST", {}, { message: "The page token is not valid." });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE)
    throw new AppError("ERR_BAD_REQUEST", {}, { message: `The page size must be 1 to ${MAX_PAGE_SIZE}.` });
  const params: Record<string, string> = { $filter: DISABLED, $select: DISABLED_FIELDS, $top: String(pageSize) };
  if (pageToken) params.$skiptoken = skipTokenOf(pageToken);
  const page = await graphJson<GraphCollection<GraphUser>>({ identity: "app", path: `/users?${query(params)}` });
  return { items: page.value.map(reshapeDisabledUser), nextPage: pageTokenOf(page["@odata.nextLink"]) };
}

async function countUsers(filter?: string): Promise<number | undefined> {
  const params: Record<string, string> = { $count: "true", $select: "id", $top: "1" };
  if (filter) params.$filter = filter;
  const page = await graphJson<GraphCollection<GraphUser>>({
    identity: "app",
    path: `/users?${query(params)}`,
    headers: EVENTUAL,
  });
  return page["@odata.count"];
}

export async function getDirectoryHealth(now: () => Date = () => new Date()): Promise<DirectoryHealth> {
  const [total, counted] = await Promise.all([countUsers(), countUsers(DISABLED)]);
  let disabled = counted;
  if (disabled === undefined) {
    // No count from Graph: walk the disabled accounts instead (a small set in any healthy tenant).
    disabled = 0;
    let page: string | null = null;
    do {
      const next: DisabledUsersPage = await listDisabledUsers(page, MAX_PAGE_SIZE);
      disabled += next.items.length;
      page = next.nextPage;
    } while (page);
  }
  return {
    tenantId: getConfig().entra.tenantId,
    checkedAt: now().toISOString(),
    users: { ...(total === undefined ? {} : { total }), disabled },
  };
}
