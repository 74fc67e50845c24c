// Group membership reads: memberOf (paged directoryObjects) and the getMemberGroups/getMemberObjects
// actions, the latter being what the groups-overage `_claim_sources` URL points at.
import type { Group, User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { jsonBody, type Request } from "../http.ts";
import { GraphError } from "./errors.ts";
import type { CollectionModel } from "./query.ts";

// Graph returns at most this many ids from getMemberGroups.
export const MEMBER_GROUPS_LIMIT = 11_000;

export function groupsOf(ctx: EmulatorContext, user: User): Group[] {
  const byId = new Map(ctx.config.groups.map((g) => [g.id, g]));
  return user.groupIds.map((id) => byId.get(id)).filter((g): g is Group => g !== undefined);
}

export function graphGroup(g: Group): Record<string, unknown> {
  return {
    "@odata.type": "#microsoft.graph.group",
    id: g.id,
    deletedDateTime: null,
    description: g.description ?? null,
    displayName: g.displayName,
    groupTypes: [],
    mailEnabled: false,
    securityEnabled: g.securityEnabled,
  };
}

/** What $filter, $search and $orderby may use on groups. */
export const GROUP_QUERIES: CollectionModel<Group> = {
  entity: "Group",
  get: (g, prop) => graphGroup(g)[prop],
  equality: ["id", "displayName", "description", "mailEnabled", "securityEnabled"],
  startsWith: ["displayName", "description"],
  endsWith: [],
  search: ["displayName", "description"],
  orderBy: ["displayName"],
  defaultOrder: (a, b) => a.displayName.localeCompare(b.displayName, "en") || a.id.localeCompare(b.id),
};

/** The `securityEnabledOnly` body parameter both actions require. */
export function securityEnabledOnly(req: Request): boolean {
  const body = jsonBody<{ securityEnabledOnly?: unknown }>(req);
  if (!body || typeof body !== "object") throw new GraphError(400, "Request_BadRequest", "Invalid request body.");
  if (typeof body.securityEnabledOnly !== "boolean")
    throw new GraphError(
      400,
      "Request_BadRequest",
      "The value for parameter 'securityEnabledOnly' is missing or invalid.",
    );
  return body.securityEnabledOnly;
}

export function memberGroupIds(ctx: EmulatorContext, user: User, securityOnly: boolean): string[] {
  return groupsOf(ctx, user)
    .filter((g) => !securityOnly || g.securityEnabled)
    .map((g) => g.id);
}
