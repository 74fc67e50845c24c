import "server-only";
import type { Caller } from "@/lib/bearer";
import { AppError } from "@/lib/errors";
import { GRAPH_RESOURCE, graphFetch, graphJson } from "./client";
import { PAGES, type PageName } from "@/lib/pages";
import { isSearchText } from "./input";
import { isPageToken, pageTokenOf, skipTokenOf } from "./paging";
import {
  DIRECTORY_PAGE_SIZE,
  type GraphCollection,
  type GraphDirectoryObject,
  type GraphUser,
  type Group,
  type GroupList,
  type PeoplePage,
  type Person,
  type Photo,
  type Profile,
} from "./types";

export type {
  DirectoryHealth,
  DisabledUser,
  DisabledUsersPage,
  Group,
  GroupList,
  PeoplePage,
  Person,
  Photo,
  Profile,
} from "./types";
export { DISABLED_USERS_PAGE_SIZE, getDirectoryHealth, listDisabledUsers } from "./app";
export { createTask, deleteTask, getTask, listTaskLists, listTasks, updateTask } from "./todo";
export type { Task, TaskList, TaskPage } from "./todo-types";

// Each operation asks for its own least-privileged delegated scope (the page registry names it), so a
// missing consent surfaces as AADSTS65001 from the OBO exchange (which the app can act on) rather than
// as a Graph 403.
const delegated = (page: PageName) => [`${GRAPH_RESOURCE}/${PAGES[page].graph.scope}`] as const;
export const SCOPES = {
  profile: delegated("profile"),
  directory: delegated("directory"),
  groups: delegated("groups"),
  tasks: delegated("tasks"),
};

export const GROUPS_CAP = 2_000;

const PROFILE_FIELDS = "id,displayName,mail,jobTitle,userPrincipalName,department,officeLocation";
// The directory reads other users under User.ReadBasic.All, which Graph limits to the basic profile (the
// rest comes back null), so it asks for no more: a tenant needs no admin consent for the directory.
const PERSON_FIELDS = "id,displayName,mail,userPrincipalName";

function reshapeProfile(u: GraphUser): Profile {
  return {
    id: u.id,
    displayName: u.displayName ?? "",
    mail: u.mail ?? null,
    jobTitle: u.jobTitle ?? null,
    userPrincipalName: u.userPrincipalName ?? "",
    department: u.department ?? null,
    officeLocation: u.officeLocation ?? null,
  };
}

function reshapePerson(u: GraphUser): Person {
  return {
    id: u.id,
    displayName: u.displayName ?? "",
    mail: u.mail ?? null,
    userPrincipalName: u.userPrincipalName ?? "",
  };
}

function reshapeGroup(g: GraphDirectoryObject): Group {
  return { id: g.id, displayName: g.displayName ?? "" };
}

export async function getMe(caller: Caller): Promise<Profile> {
  return reshapeProfile(
    await graphJson<GraphUser>({ caller, scopes: [...SCOPES.profile], path: `/me?$select=${PROFILE_FIELDS}` }),
  );
}

/** The signed-in user's photo, or null when they have none. */
export async function getMyPhoto(caller: Caller): Promise<Photo | null> {
  try {
    const res = await graphFetch({ caller, scopes: [...SCOPES.profile], path: "/me/photo/$value" });
    return {
      bytes: new Uint8Array(await res.arrayBuffer()),
      contentType: res.headers.get("content-type") ?? "image/jpeg",
    };
  } catch (err) {
    if (err instanceof AppError && err.code === "ERR_NOT_FOUND") return null;
    throw err;
  }
}

export { isPageToken } from "./paging";

/** Directory search by name or mail (q: 1–64 characters, no quotes), 10 per page. */
export async function searchPeople(caller: Caller, q: string, pageToken?: string | null): Promise<PeoplePage> {
  if (!isSearchText(q))
    throw new AppError(
      "ERR_BAD_REQUEST",
      {},
      { message: "The search text must be 1 to 64 characters without quotes." },
    );
  if (pageToken && !isPageToken(pageToken))
    throw new AppError("ERR_BAD_REQUEST", {}, { message: "The page token is not valid." });
  const params = new URLSearchParams({
    $search: `"displayName:${q}" OR "mail:${q}"`,
    $select: PERSON_FIELDS,
    $top: String(DIRECTORY_PAGE_SIZE),
    $count: "true",
  });
  if (pageToken) params.set("$skiptoken", skipTokenOf(pageToken));
  const page = await graphJson<GraphCollection<GraphUser>>({
    caller,
    scopes: [...SCOPES.directory],
    path: `/users?${params.toString().replaceAll("+", "%20")}`,
    headers: { ConsistencyLevel: "eventual" },
  });
  const result: PeoplePage = { items: page.value.map(reshapePerson), nextPage: pageTokenOf(page["@odata.nextLink"]) };
  if (typeof page["@odata.count"] === "number") result.total = page["@odata.count"];
  return result;
}

/**
 * Every group the user is a direct member of, read from Graph page by page. Tokens stop listing groups
 * past 200 (overage: `_claim_names.groups` / `hasgroups`), so the app always asks Graph instead.
 */
export async function getMyGroups(caller: Caller): Promise<GroupList> {
  const groups: Group[] = [];
  let path: string | undefined = `/me/memberOf?$select=id,displayName&$top=100`;
  while (path && groups.length < GROUPS_CAP) {
    const page: GraphCollection<GraphDirectoryObject> = await graphJson({ caller, scopes: [...SCOPES.groups], path });
    for (const o of page.value)
      if (!o["@odata.type"] || o["@odata.type"] === "#microsoft.graph.group") groups.push(reshapeGroup(o));
    path = page["@odata.nextLink"];
  }
  const truncated = groups.length >= GROUPS_CAP && path !== undefined;
  const list = groups.slice(0, GROUPS_CAP);
  return { groups: list, total: list.length, truncated, source: "graph" };
}
