// One function per Graph operation. Each gets the authenticated caller and (for /me and /users/{id})
// the resolved subject, and returns a reply or throws a GraphError; index.ts does the HTTP part.
import type { User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import type { Request } from "../http.ts";
import { pairwiseSub } from "../identity/tokens.ts";
import { GraphError, unsupportedQuery } from "./errors.ts";
import { graphGroup, groupsOf, memberGroupIds, MEMBER_GROUPS_LIMIT, securityEnabledOnly } from "./groups.ts";
import { hasEventualConsistency, metadataUrl, page, parseTop } from "./odata.ts";
import { DEFAULT_PHOTO_SIZE, PHOTO_SIZES, photoEtag, photoFor } from "./photo.ts";
import { byDisplayName, parseFilter, parseSearch, parseSelect, project, usersFragment } from "./users.ts";
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
  return { json: { "@odata.context": metadataUrl(call.ctx, call.version, `${usersFragment(select)}/$entity`), ...project(subjectOf(call), select) } };
}

export function listUsers(call: Call): Reply {
  const { ctx, req, version } = call;
  const select = parseSelect(req);
  const top = parseTop(req);
  const search = req.url.searchParams.get("$search");
  const eventual = hasEventualConsistency(req);
  if (search !== null && !eventual)
    throw unsupportedQuery("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
  const filter = parseFilter(req);
  const matches = search !== null ? parseSearch(search) : () => true;
  const users = ctx.config.users.filter((u) => filter(u) && matches(u)).sort(byDisplayName);
  const { value, nextLink } = page(ctx, req, users, top);
  // Graph only counts directory collections under eventual consistency; without it $count=true is ignored.
  const count = eventual && req.url.searchParams.get("$count")?.toLowerCase() === "true" ? { "@odata.count": users.length } : {};
  return {
    json: {
      "@odata.context": metadataUrl(ctx, version, usersFragment(select)),
      ...count,
      ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
      value: value.map((u) => project(u, select)),
    },
  };
}

function photoSize(call: Call): string {
  const size = call.params.size ?? DEFAULT_PHOTO_SIZE;
  if (!subjectOf(call).photo || !(PHOTO_SIZES as readonly string[]).includes(size)) throw new GraphError(404, "ImageNotFound", "The photo wasn't found.");
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

export function listMemberOf(call: Call): Reply {
  const { ctx, req, version } = call;
  const top = parseTop(req);
  const { value, nextLink } = page(ctx, req, groupsOf(ctx, subjectOf(call)), top);
  return {
    json: {
      "@odata.context": metadataUrl(ctx, version, "directoryObjects"),
      ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
      value: value.map(graphGroup),
    },
  };
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
  if (caller.kind !== "delegated") throw new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
  const u = caller.user;
  const profile = caller.scopes.has("profile");
  // The same pairwise sub as the ID token the calling client got, as OIDC requires of userinfo.
  const json: Record<string, unknown> = { sub: pairwiseSub(ctx.config.tenant.id, u.oid, caller.appId) };
  if (profile) Object.assign(json, { name: u.displayName, family_name: u.surname, given_name: u.givenName, picture: `${ctx.graphBaseUrl}/v1.0/me/photo/$value` });
  if (caller.scopes.has("email") && u.mail) json.email = u.mail;
  return { json };
}
