// The Graph subset the app uses, served under /graph (which stands for https://graph.microsoft.com).
// Pipeline per request: ids + CORS headers, preflight, injected faults, bearer validation, route,
// subject (/me or /users/{id}), permission, handler.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { sendJson, type Handler, type Request } from "../http.ts";
import { findRoute, segmentsOf, type RouteSpec } from "../routes.ts";
import { faultError, GraphError, sendGraphError, userNotFound } from "./errors.ts";
import { listApplications } from "./applications.ts";
import * as h from "./handlers.ts";
import { deniedError, isAllowed, PERMISSIONS, type PermissionName } from "./permissions.ts";
import * as todo from "./todo.ts";
import { findUser } from "./users.ts";
import { verifyGraphToken } from "./verify.ts";

interface Route extends RouteSpec {
  method: "GET" | "POST" | "PATCH" | "DELETE";
  /** After /graph/{version}; `:name` captures a segment. */
  /** `me` needs a delegated caller; `user` resolves `:id` (object id or UPN). */
  subject?: "me" | "user";
  permission: PermissionName;
  /** Used instead of `permission` when a delegated caller addresses itself through /users/{id}. */
  self?: PermissionName;
  run: (call: h.Call) => h.Reply;
}

/**
 * What /me/… and /users/{id}/… both serve: `own` is the permission for the caller itself (through /me, or a
 * delegated caller addressing itself through /users/{id}); `other`, for anyone else (none: /me only).
 */
interface SubjectRoute {
  method: Route["method"];
  path: string;
  own: PermissionName;
  other?: PermissionName;
  run: Route["run"];
}

const SUBJECT_ROUTES: SubjectRoute[] = [
  { method: "GET", path: "", own: "ownProfile", other: "readUsers", run: h.getUser },
  { method: "GET", path: "/photo", own: "ownProfile", other: "readPhotos", run: h.getPhotoMetadata },
  { method: "GET", path: "/photo/$value", own: "ownProfile", other: "readPhotos", run: h.getPhotoValue },
  { method: "GET", path: "/photos/:size", own: "ownProfile", other: "readPhotos", run: h.getPhotoMetadata },
  { method: "GET", path: "/photos/:size/$value", own: "ownProfile", other: "readPhotos", run: h.getPhotoValue },
  { method: "GET", path: "/memberOf", own: "ownMemberOf", other: "memberOf", run: h.listMemberOf },
  { method: "GET", path: "/memberOf/microsoft.graph.group", own: "ownMemberOf", run: h.listGroupMemberships },
  { method: "GET", path: "/transitiveMemberOf", own: "ownMemberOf", other: "memberOf", run: h.listMemberOf },
  {
    method: "GET",
    path: "/transitiveMemberOf/microsoft.graph.group",
    own: "ownMemberOf",
    other: "memberOf",
    run: h.listGroupMemberships,
  },
  { method: "POST", path: "/getMemberGroups", own: "memberGroups", other: "memberGroups", run: h.getMemberGroups },
  { method: "POST", path: "/getMemberObjects", own: "memberGroups", other: "memberGroups", run: h.getMemberObjects },
];

/** The caller's own To Do lists and tasks: /me only. */
const TODO_ROUTES: SubjectRoute[] = [
  { method: "GET", path: "/todo/lists", own: "readTasks", run: todo.listLists },
  { method: "POST", path: "/todo/lists", own: "writeTasks", run: todo.createList },
  { method: "GET", path: "/todo/lists/:listId", own: "readTasks", run: todo.getList },
  { method: "GET", path: "/todo/lists/:listId/tasks", own: "readTasks", run: todo.listTasks },
  { method: "POST", path: "/todo/lists/:listId/tasks", own: "writeTasks", run: todo.createTask },
  { method: "GET", path: "/todo/lists/:listId/tasks/:taskId", own: "readTasks", run: todo.getTask },
  { method: "PATCH", path: "/todo/lists/:listId/tasks/:taskId", own: "writeTasks", run: todo.updateTask },
  { method: "DELETE", path: "/todo/lists/:listId/tasks/:taskId", own: "writeTasks", run: todo.deleteTask },
];

const meRoute = ({ method, path, own, run }: SubjectRoute): Route => ({
  method,
  path: `/me${path}`,
  subject: "me",
  permission: own,
  run,
});

const userRoute = ({ method, path, own, other, run }: SubjectRoute): Route[] =>
  other ? [{ method, path: `/users/:id${path}`, subject: "user", permission: other, self: own, run }] : [];

const ROUTES: Route[] = [
  ...SUBJECT_ROUTES.map(meRoute),
  { method: "GET", path: "/users", permission: "readUsers", run: h.listUsers },
  { method: "GET", path: "/users/$count", permission: "readUsers", run: h.countUsers },
  ...SUBJECT_ROUTES.flatMap(userRoute),
  { method: "GET", path: "/groups", permission: "readGroups", run: h.listGroups },
  { method: "GET", path: "/groups/$count", permission: "readGroups", run: h.countGroups },
  { method: "GET", path: "/applications", permission: "readApplications", run: listApplications },
  ...TODO_ROUTES.map(meRoute),
];

const USERINFO: Route = { method: "GET", path: "/oidc/userinfo", permission: "userinfo", run: h.userinfo };
const VERSIONS = ["v1.0", "beta"];

const CORS_EXPOSED = "request-id, client-request-id, Retry-After, ETag, Location, WWW-Authenticate";

export function createGraphHandler(ctx: EmulatorContext): Handler {
  return async (req, res) => {
    const requestId = randomUUID();
    const clientRequestId = String(req.headers["client-request-id"] ?? "") || requestId;
    res.setHeader("request-id", requestId);
    res.setHeader("client-request-id", clientRequestId);
    res.setHeader("Access-Control-Allow-Origin", "*");
    res.setHeader("Access-Control-Expose-Headers", CORS_EXPOSED);
    if (req.method === "OPTIONS") return preflight(req, res);
    try {
      await serve(ctx, req, res);
    } catch (err) {
      if (!(err instanceof GraphError)) throw err;
      sendGraphError(ctx, res, err);
    }
  };
}

function preflight(req: Request, res: ServerResponse): void {
  res.writeHead(200, {
    "Access-Control-Allow-Methods": "GET, POST, PUT, PATCH, DELETE, OPTIONS",
    "Access-Control-Allow-Headers": String(
      req.headers["access-control-request-headers"] ??
        "Authorization, Content-Type, ConsistencyLevel, client-request-id",
    ),
    "Access-Control-Max-Age": "3600",
    "Content-Length": "0",
  });
  res.end();
}

async function serve(ctx: EmulatorContext, req: Request, res: ServerResponse): Promise<void> {
  const path = req.url.pathname.replace(/^\/graph/, "") || "/";
  const fault = ctx.faults.take("graph", path, req.method);
  if (fault?.delayMs) await new Promise((r) => setTimeout(r, fault.delayMs));
  if (fault?.status) throw faultError(fault.status, fault.retryAfterSeconds);

  const caller = await verifyGraphToken(ctx, req.headers.authorization);
  if (caller instanceof GraphError) throw caller;

  const segments = segmentsOf(path);
  let version = "v1.0";
  let routes = [USERINFO];
  let rest = segments;
  if (segments[0] !== "oidc") {
    version = segments[0] ?? "";
    if (!VERSIONS.includes(version)) throw new GraphError(400, "BadRequest", `Invalid version: ${version}`);
    routes = ROUTES;
    rest = segments.slice(1);
  }
  const found = findRoute(routes, req.method, rest);
  if (!found) throw new GraphError(400, "BadRequest", `Resource not found for the segment '${rest.at(-1) ?? ""}'.`);
  if (found === "method-not-allowed")
    throw new GraphError(405, "Request_BadRequest", "Specified HTTP method is not allowed for the request target.");
  const { route, params } = found;

  const call: h.Call = { ctx, req, caller, version, params };
  let permission = route.permission;
  if (route.subject === "me") {
    if (caller.kind !== "delegated")
      throw new GraphError(400, "BadRequest", "/me request is only valid with delegated authentication flow.");
    call.subject = caller.user;
  } else if (
    route.subject === "user" &&
    caller.kind === "delegated" &&
    route.self &&
    findUser([caller.user], params.id)
  ) {
    permission = route.self;
  }
  if (!isAllowed(caller, PERMISSIONS[permission])) throw deniedError(permission);
  if (route.subject === "user") {
    call.subject = findUser(ctx.config.users, params.id);
    if (!call.subject) throw userNotFound(params.id);
  }
  send(res, route.run(call));
}

function send(res: ServerResponse, reply: h.Reply): void {
  if ("empty" in reply) return void res.writeHead(reply.status).end();
  if ("json" in reply) return sendJson(res, reply.status ?? 200, reply.json, reply.headers);
  res.writeHead(reply.status ?? 200, {
    "Content-Type": reply.contentType,
    "Content-Length": reply.bytes.length,
    ...reply.headers,
  });
  res.end(reply.bytes);
}
