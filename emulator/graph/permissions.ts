// Which delegated scopes (scp) and application roles (roles) each route accepts: the least-privileged
// permission Graph documents for it, then the higher-privileged ones it also honours. Any one suffices.
import { accessDenied, forbidden, type GraphError } from "./errors.ts";
import type { Caller } from "./verify.ts";

export interface RoutePermission {
  delegated: readonly string[];
  /** Empty: app-only tokens are refused with 403 (routes under /me answer 400 before this). */
  application: readonly string[];
}

const DIRECTORY_DELEGATED = ["Directory.Read.All", "Directory.ReadWrite.All", "Directory.AccessAsUser.All"];
const DIRECTORY_APP = ["Directory.Read.All", "Directory.ReadWrite.All"];

export const PERMISSIONS = {
  /** GET /me, GET /users/{own id}, their photo. */
  ownProfile: {
    delegated: [
      "User.Read",
      "User.ReadWrite",
      "User.ReadBasic.All",
      "User.Read.All",
      "User.ReadWrite.All",
      ...DIRECTORY_DELEGATED,
    ],
    application: [],
  },
  /** GET /users, GET /users/{id}. */
  readUsers: {
    delegated: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", ...DIRECTORY_DELEGATED],
    application: ["User.Read.All", "User.ReadWrite.All", ...DIRECTORY_APP],
  },
  /** GET /users/{id}/photo/$value for another user. */
  readPhotos: {
    delegated: ["User.ReadBasic.All", "User.Read.All", "User.ReadWrite.All", ...DIRECTORY_DELEGATED],
    application: ["ProfilePhoto.Read.All", "User.Read.All", "User.ReadWrite.All", ...DIRECTORY_APP],
  },
  /** GET /me/memberOf (current docs list User.Read as least privileged for the signed-in user). */
  ownMemberOf: {
    delegated: ["User.Read", "GroupMember.Read.All", "User.Read.All", ...DIRECTORY_DELEGATED],
    application: [],
  },
  /** GET /users/{id}/memberOf. */
  memberOf: {
    delegated: ["GroupMember.Read.All", "User.Read.All", ...DIRECTORY_DELEGATED],
    application: ["GroupMember.Read.All", "User.Read.All", ...DIRECTORY_APP],
  },
  /** POST …/getMemberGroups, …/getMemberObjects (the groups-overage `_claim_sources` call). */
  memberGroups: {
    delegated: ["GroupMember.Read.All", ...DIRECTORY_DELEGATED],
    application: ["GroupMember.Read.All", ...DIRECTORY_APP],
  },
  /** GET /groups, /groups/$count. */
  readGroups: {
    delegated: ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", ...DIRECTORY_DELEGATED],
    application: ["GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", ...DIRECTORY_APP],
  },
  /** GET /applications (app registrations). */
  readApplications: {
    delegated: ["Application.Read.All", "Application.ReadWrite.All", ...DIRECTORY_DELEGATED],
    application: ["Application.Read.All", "Application.ReadWrite.All", ...DIRECTORY_APP],
  },
  /** GET /oidc/userinfo. */
  userinfo: { delegated: ["openid"], application: [] },
  /** GET /me/todo/lists…: Tasks.Read is the least privileged. */
  readTasks: { delegated: ["Tasks.Read", "Tasks.ReadWrite"], application: [] },
  /** POST, PATCH, DELETE under /me/todo/lists. */
  writeTasks: { delegated: ["Tasks.ReadWrite"], application: [] },
} as const satisfies Record<string, RoutePermission>;

export type PermissionName = keyof typeof PERMISSIONS;

// Directory routes refuse in the directory's words; Exchange-backed ones (To Do) in Exchange's.
const EXCHANGE_BACKED = new Set<PermissionName>(["readTasks", "writeTasks"]);

export function deniedError(permission: PermissionName): GraphError {
  return EXCHANGE_BACKED.has(permission) ? accessDenied() : forbidden();
}

export function isAllowed(caller: Caller, permission: RoutePermission): boolean {
  const held = caller.kind === "delegated" ? caller.scopes : caller.roles;
  const accepted = caller.kind === "delegated" ? permission.delegated : permission.application;
  return accepted.some((p) => held.has(p));
}
