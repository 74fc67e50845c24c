// Test hooks (JSON), answered only when ctx.adminEnabled; otherwise every /_admin path is a 404. Requests
// from another site, and POST/DELETE without Content-Type: application/json, are refused (./guard.ts).
//
//   POST   /_admin/reset                  clear sessions, codes, refresh tokens, non-seed grants, events, faults, clock
//   GET    /_admin/grants                 delegated grants (seed and consented) and app role assignments
//   POST   /_admin/grants                 {clientAppId, resourceAppId, consentType, principal?, scope} adds a grant
//   DELETE /_admin/grants?user=&client=&resource=   removes matching grants (user = UPN or oid; omitted = any)
//   GET    /_admin/events?type=&user=&since=        the event log (user = UPN or oid, since = seq)
//   POST   /_admin/faults                 {target, aadsts?, status?, retryAfterSeconds?, delayMs? (graph), match?, method?, count?}
//                                          (method, graph only: GET…DELETE, or "write" for any but GET)
//   GET    /_admin/faults · DELETE /_admin/faults
//   POST   /_admin/keys/rotate            → {kid} of the new active signing key
//   POST   /_admin/clock                  {advanceSeconds} | {freeze: true, at?: ms} | {reset: true} → {now}
//   POST   /_admin/sessions/revoke        {user}: ends IdP sessions, refresh tokens → AADSTS50173
//   POST   /_admin/config/known-clients   {resourceAppId, knownClientApplications: [appId…]}
//   POST   /_admin/config/logout-url      {appId, logoutUrl}: the app's front-channel logout URL (null: none)
//   POST   /_admin/workload-token         {subject, audience?, lifetimeSeconds?}: a token of the built-in
//                                          workload issuer (what a cluster projects into a pod)
//   POST   /_admin/graph-token            {user, clientAppId, scope}: a delegated Graph token, as another app
//                                          of the user's would hold (tests change data "elsewhere")
import type { ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { EventType } from "../events.ts";
import { jsonBody, sendJson, type Handler, type Request } from "../http.ts";
import { findRoute, segmentsOf, type RouteSpec } from "../routes.ts";
import { findApp, findUser } from "../identity/directory.ts";
import { identityState } from "../identity/state.ts";
import { mintWorkloadToken } from "../workload-issuer.ts";
import { adminRequestRefusal } from "./guard.ts";
import { todoStore } from "../graph/todo-store.ts";
import { mintGraphTokenFor } from "./graph-token.ts";

const uuid = z.string().regex(/^[0-9a-f-]{36}$/i);
const grantBody = z.object({
  clientAppId: uuid,
  resourceAppId: uuid,
  consentType: z.enum(["AllPrincipals", "Principal"]).default("Principal"),
  principal: z.string().optional(),
  scope: z.string().min(1),
});
const faultBody = z.object({
  target: z.enum(["authorize", "token", "graph", "discovery", "jwks"]),
  aadsts: z.number().int().positive().optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  match: z.string().optional(),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "write"]).optional(),
  count: z.number().int().positive().optional(),
});
const clockBody = z.union([
  z.object({ advanceSeconds: z.number() }),
  z.object({ reset: z.literal(true) }),
  z.object({ freeze: z.literal(true), at: z.number().optional() }),
]);
const userBody = z.object({ user: z.string().min(1) });
const knownClientsBody = z.object({ resourceAppId: uuid, knownClientApplications: z.array(uuid) });
const logoutUrlBody = z.object({ appId: uuid, logoutUrl: z.string().url().nullable() });
const graphTokenBody = z.object({ user: z.string().min(1), clientAppId: uuid, scope: z.string().min(1).max(1000) });
const workloadTokenBody = z.object({ subject: z.string().min(1).max(256), audience: z.string().min(1).max(256).optional(), lifetimeSeconds: z.number().int().min(-86_400).max(86_400).optional() });

interface Route extends RouteSpec {
  run: (req: Request, res: ServerResponse) => Promise<void> | void;
}

function parse<T>(schema: z.ZodType<T>, req: Request, res: ServerResponse): T | undefined {
  const result = schema.safeParse(jsonBody(req) ?? {});
  if (result.success) return result.data;
  sendJson(res, 400, { error: "invalid_request", issues: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) });
  return undefined;
}

export function createAdminHandler(ctx: EmulatorContext): Handler {
  const state = identityState(ctx);
  const userOid = (ref: string | null | undefined) => (ref ? (findUser(ctx.config, ref)?.oid ?? ref) : undefined);

  const listGrants = () => ({
    grants: state.grants.map((g) => ({
      id: g.id,
      clientAppId: g.clientAppId,
      clientId: findApp(ctx.config, g.clientAppId)?.servicePrincipalId,
      resourceAppId: g.resourceAppId,
      resourceId: findApp(ctx.config, g.resourceAppId)?.servicePrincipalId,
      consentType: g.consentType,
      principalId: g.principalId ?? null,
      scope: [...g.scopes].join(" "),
      seed: g.seed,
    })),
    appRoleAssignments: state.roleAssignments,
  });

  const routes: Route[] = [
    { method: "POST", path: "/_admin/reset", run: (_req, res) => {
      state.reset();
      todoStore(ctx).reset();
      ctx.events.clear();
      ctx.faults.clear();
      ctx.clock.reset();
      sendJson(res, 200, { ok: true });
    } },
    { method: "GET", path: "/_admin/grants", run: (_req, res) => sendJson(res, 200, listGrants()) },
    { method: "POST", path: "/_admin/grants", run: (req, res) => {
      const body = parse(grantBody, req, res);
      if (!body) return;
      if (!findApp(ctx.config, body.clientAppId) || !findApp(ctx.config, body.resourceAppId)) return sendJson(res, 400, { error: "invalid_request", error_description: "Unknown client or resource app." });
      const principalId = body.consentType === "Principal" ? userOid(body.principal) : undefined;
      if (body.consentType === "Principal" && !principalId) return sendJson(res, 400, { error: "invalid_request", error_description: "A Principal grant needs a principal (user UPN or oid)." });
      let grant = state.grants.find((g) => g.clientAppId === body.clientAppId && g.resourceAppId === body.resourceAppId && g.consentType === body.consentType && g.principalId === principalId);
      if (!grant) {
        grant = { id: crypto.randomUUID(), clientAppId: body.clientAppId, resourceAppId: body.resourceAppId, consentType: body.consentType, principalId, scopes: new Set(), seed: false };
        state.grants.push(grant);
      }
      for (const s of body.scope.split(" ").filter(Boolean)) grant.scopes.add(s);
      sendJson(res, 201, { id: grant.id, scope: [...grant.scopes].join(" ") });
    } },
    { method: "DELETE", path: "/_admin/grants", run: (req, res) => {
      const q = req.url.searchParams;
      const user = userOid(q.get("user"));
      const before = state.grants.length;
      state.grants = state.grants.filter(
        (g) =>
          !((!q.get("client") || g.clientAppId === q.get("client")) && (!q.get("resource") || g.resourceAppId === q.get("resource")) && (!user || g.principalId === user)),
      );
      sendJson(res, 200, { deleted: before - state.grants.length });
    } },
    { method: "GET", path: "/_admin/events", run: (req, res) => {
      const q = req.url.searchParams;
      const since = q.get("since");
      sendJson(res, 200, { events: ctx.events.list({ type: (q.get("type") as EventType) || undefined, user: userOid(q.get("user")), since: since ? Number(since) : undefined }) });
    } },
    { method: "POST", path: "/_admin/faults", run: (req, res) => {
      const body = parse(faultBody, req, res);
      if (!body) return;
      ctx.faults.add(body);
      sendJson(res, 201, { faults: ctx.faults.list() });
    } },
    { method: "GET", path: "/_admin/faults", run: (_req, res) => sendJson(res, 200, { faults: ctx.faults.list() }) },
    { method: "DELETE", path: "/_admin/faults", run: (_req, res) => {
      ctx.faults.clear();
      sendJson(res, 200, { ok: true });
    } },
    { method: "POST", path: "/_admin/keys/rotate", run: (_req, res) => sendJson(res, 200, { kid: ctx.keys.rotate() }) },
    { method: "POST", path: "/_admin/clock", run: (req, res) => {
      const body = parse(clockBody, req, res);
      if (!body) return;
      if ("advanceSeconds" in body) ctx.clock.advance(body.advanceSeconds);
      else if ("freeze" in body) ctx.clock.freeze(body.at);
      else ctx.clock.reset();
      sendJson(res, 200, { now: ctx.clock.now() });
    } },
    { method: "POST", path: "/_admin/sessions/revoke", run: (req, res) => {
      const body = parse(userBody, req, res);
      if (!body) return;
      const user = findUser(ctx.config, body.user);
      if (!user) return sendJson(res, 404, { error: "not_found", error_description: `No user '${body.user}'.` });
      state.revokeUser(user.oid);
      sendJson(res, 200, { ok: true, user: user.oid });
    } },
    { method: "POST", path: "/_admin/config/known-clients", run: (req, res) => {
      const body = parse(knownClientsBody, req, res);
      if (!body) return;
      const app = findApp(ctx.config, body.resourceAppId);
      if (!app) return sendJson(res, 404, { error: "not_found", error_description: "Unknown resource app." });
      app.api.knownClientApplications = body.knownClientApplications;
      sendJson(res, 200, { resourceAppId: app.appId, knownClientApplications: app.api.knownClientApplications });
    } },
    { method: "POST", path: "/_admin/workload-token", run: async (req, res) => {
      const body = parse(workloadTokenBody, req, res);
      if (!body) return;
      sendJson(res, 201, { token: await mintWorkloadToken(ctx, body) });
    } },
    { method: "POST", path: "/_admin/graph-token", run: async (req, res) => {
      const body = parse(graphTokenBody, req, res);
      if (!body) return;
      const token = await mintGraphTokenFor(ctx, body);
      if (!token) return sendJson(res, 404, { error: "not_found", error_description: "Unknown user or client app." });
      sendJson(res, 201, { token });
    } },
    { method: "POST", path: "/_admin/config/logout-url", run: (req, res) => {
      const body = parse(logoutUrlBody, req, res);
      if (!body) return;
      const app = findApp(ctx.config, body.appId);
      if (!app) return sendJson(res, 404, { error: "not_found", error_description: "Unknown app." });
      app.web.logoutUrl = body.logoutUrl ?? undefined;
      sendJson(res, 200, { appId: app.appId, logoutUrl: app.web.logoutUrl ?? null });
    } },
  ];

  return (req, res) => {
    if (!ctx.adminEnabled) return sendJson(res, 404, { error: "not_found" });
    const refusal = adminRequestRefusal(req);
    if (refusal) return sendJson(res, refusal.status, refusal.body);
    const found = findRoute(routes, req.method, segmentsOf(req.url.pathname));
    if (!found || found === "method-not-allowed") {
      return sendJson(res, 404, { error: "not_found", error_description: `No admin route ${req.method} ${req.url.pathname.replace(/\/+$/, "")}` });
    }
    return found.route.run(req, res);
  };
}
