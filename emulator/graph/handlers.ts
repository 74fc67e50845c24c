// One function per Graph operation. Each gets the authenticated caller and (for /me and /users/{id})
// the resolved subject, and returns a reply or throws a GraphError; index.ts does the HTTP part.
import type { Group, User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import type { Request } from "../http.ts";
import { pairwiseSub } from "../identity/tokens.ts";
import { readableProfile } from "./basic-profile.ts";
import { GraphError } from "./errors.ts";
import {
  GROUP_QUERIES,
  graphGroup,
  groupsOf,
  memberGroupIds,
  MEMBER_GROUPS_LIMIT,
  securityEnabledOnly,
} from "./groups.ts";
import { metadataUrl, page, parseTop } from "./odata.ts";
import { queryCollection, requireCountSupport, type CollectionModel } from "./query.ts";
import { DEFAULT_PHOTO_SIZE, PHOTO_SIZES, photoEtag, photoFor } from "./photo.ts";
import { parseSelect, project, USER_QUERIES, usersFragment } from "./users.ts";
import type { Caller } from "./verify.ts";

export interface Call {
  ctx: EmulatorContext;
  req: Request;
  caller: Caller;
  version: string;
  params: Record<string, string>;
  /** The user addressed by /me or /users/{id}; absent on collection routes. */
  subject?: User;
}

export type Reply =
  | { status?: number; json: Record<string, unknown>; headers?: Record<string, string> }
  | { status?: number; bytes: Buffer; contentType: string; headers?: Record<string, string> }
  | { status: 204; empty: true };

const subjectOf = (call: Call): User => call.subject!;

export function getUser(call: Call): Reply {
  const select = parseSelect(call.req);
  const subject = subjectOf(call);
  return {
    json: {
      "@odata.context": metadataUrl(call.ctx, call.version, `${usersFragment(select)}/$entity`),
      ...readableProfile(call.caller, subject, project(subject, select)),
    },
  };
}

export function listUsers(call: Call): Reply {
  const { ctx, req, version } = call;
  const select = parseSelect(req);
  const { items, count } = queryCollection(USER_QUERIES, req, ctx.config.users);
  const { value, nextLink } = page(ctx, req, items, parseTop(req));
  return {
    json: {
      "@odata.context": metadataUrl(ctx, version, usersFragment(select)),
      ...(count !== undefined ? { "@odata.count": count } : {}),
      ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
      value: value.map((u) => readableProfile(call.caller, u, project(u, select))),
    },
  };
}

/** GET /users/$count and /groups/$count: a plain-text number, with ConsistencyLevel: eventual only. */
function countOf<T>(model: CollectionModel<T>, req: Request, items: readonly T[]): Reply {
  requireCountSupport(req);
  return {
    bytes: Buffer.from(String(queryCollection(model, req, items, true).items.length)),
    contentType: "text/plain; charset=utf-8",
  };
}

export const countUsers = (call: Call): Reply => countOf(USER_QUERIES, call.req, call.ctx.config.users);
export const countGroups = (call: Call): Reply => countOf(GROUP_QUERIES, call.req, call.ctx.config.groups);

export function listGroups(call: Call): Reply {
  const { ctx, req, version } = call;
  return groupPage(call, queryCollection(GROUP_QUERIES, req, ctx.config.groups), metadataUrl(ctx, version, "groups"));
}

function groupPage(call: Call, result: { items: Group[]; count?: number }, context: string): Reply {
  const { value, nextLink } = page(call.ctx, call.req, result.items, parseTop(call.req));
  return {
    json: {
      "@odata.context": context,
      ...(result.count !== undefined ? { "@odata.count": result.count } : {}),
      ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
      value: value.map(graphGroup),
    },
  };
}

function photoSize(call: Call): string {
  const size = call.params.size ?? DEFAULT_PHOTO_SIZE;
  if (!subjectOf(call).photo || !(PHOTO_SIZES as readonly string[]).includes(size))
    throw new GraphError(404, "ImageNotFound", "The photo wasn't found.");
  return size;
}

export function getPhotoMetadata(call: Call): Reply {
  const size = photoSize(call);
  const user = subjectOf(call);
  const side = Number(size.split("x")[0]);
  return {
    json: {
      "@odata.context": metadataUrl(call.ctx, call.version, `users('${user.oid}')/photo/$entity`),
      "@odata.mediaContentType": "image/png",
      "@odata.mediaEtag": photoEtag(user.oid, size),
      id: call.params.size ?? "default",
      height: side,
      width: side,
    },
  };
}

export function getPhotoValue(call: Call): Reply {
  const size = photoSize(call);
  const user = subjectOf(call);
  return { bytes: photoFor(user.oid, size), contentType: "image/png", headers: { ETag: photoEtag(user.oid, size) } };
}

/**
 * memberOf and transitiveMemberOf (the emulator has no nested groups, so both list the user's groups),
 * optionally cast to microsoft.graph.group; $filter, $search and $orderby as advanced queries.
 */
export const listMemberOf = (call: Call): Reply => memberships(call, false);
export const listGroupMemberships = (call: Call): Reply => memberships(call, true);

function memberships(call: Call, cast: boolean): Reply {
  const { ctx, req, version } = call;
  const result = queryCollection(
    { ...GROUP_QUERIES, reference: true, defaultOrder: () => 0 },
    req,
    groupsOf(ctx, subjectOf(call)),
  );
  return groupPage(call, result, metadataUrl(ctx, version, cast ? "groups" : "directoryObjects"));
}

export function getMemberGroups(call: Call): Reply {
  const ids = memberGroupIds(call.ctx, subjectOf(call), securityEnabledOnly(call.req)).slice(0, MEMBER_GROUPS_LIMIT);
  return { json: { "@odata.context": metadataUrl(call.ctx, call.version, "Collection(Edm.String)"), value: ids } };
}

// The emulator has no directory roles or administrative units, so member objects are the groups.
export function getMemberObjects(call: Call): Reply {
  const ids = memberGroupIds(call.ctx, subjectOf(call), securityEnabledOnly(call.req));
  return { json: { "@odata.context": metadataUrl(call.ctx, call.version, "Collection(Edm.String)"), value: ids } };
}

export function userinfo(call: Call): Reply {
  const { ctx, caller } = call;
  if (caller.kind !== "delegated")
    throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  const u = caller.user;
  const profile = caller.scopes.has("profile");
  // The same pairwise sub as the ID token the calling client got, as OIDC requires of userinfo.
  const json: Record<string, unknown> = { sub: pairwiseSub(ctx.config.tenant.id, u.oid, caller.appId) };
  if (profile)
    Object.assign(json, {
      name: u.displayName,
      family_name: u.surname,
      given_name: u.givenName,
      picture: `${ctx.graphBaseUrl}/v1.0/me/photo/$value`,
    });
  if (caller.scopes.has("email") && u.mail) json.email = u.mail;
  return { json };
}
