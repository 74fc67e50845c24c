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
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { EventType } from "../events.ts";
import { sendJson, type Handler } from "../http.ts";
import { findRoute, segmentsOf } from "../routes.ts";
import { findUser } from "../identity/directory.ts";
import { identityState } from "../identity/state.ts";
import { adminRequestRefusal } from "./guard.ts";
import { todoStore } from "../graph/todo-store.ts";
import { configRoutes } from "./config-routes.ts";
import { grantRoutes } from "./grants.ts";
import { postJson, userOid, type Route } from "./route.ts";

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

export function createAdminHandler(ctx: EmulatorContext): Handler {
  const state = identityState(ctx);

  const routes: Route[] = [
    {
      method: "POST",
      path: "/_admin/reset",
      run: (_req, res) => {
        state.reset();
        todoStore(ctx).reset();
        ctx.events.clear();
        ctx.faults.clear();
        ctx.clock.reset();
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: "GET",
      path: "/_admin/events",
      run: (req, res) => {
        const q = req.url.searchParams;
        const since = q.get("since");
        sendJson(res, 200, {
          events: ctx.events.list({
            type: (q.get("type") as EventType) || undefined,
            user: userOid(ctx, q.get("user")),
            since: since ? Number(since) : undefined,
          }),
        });
      },
    },
    postJson("/_admin/faults", faultBody, (body, res) => {
      ctx.faults.add(body);
      sendJson(res, 201, { faults: ctx.faults.list() });
    }),
    { method: "GET", path: "/_admin/faults", run: (_req, res) => sendJson(res, 200, { faults: ctx.faults.list() }) },
    {
      method: "DELETE",
      path: "/_admin/faults",
      run: (_req, res) => {
        ctx.faults.clear();
        sendJson(res, 200, { ok: true });
      },
    },
    { method: "POST", path: "/_admin/keys/rotate", run: (_req, res) => sendJson(res, 200, { kid: ctx.keys.rotate() }) },
    postJson("/_admin/clock", clockBody, (body, res) => {
      if ("advanceSeconds" in body) ctx.clock.advance(body.advanceSeconds);
      else if ("freeze" in body) ctx.clock.freeze(body.at);
      else ctx.clock.reset();
      sendJson(res, 200, { now: ctx.clock.now() });
    }),
    postJson("/_admin/sessions/revoke", userBody, (body, res) => {
      const user = findUser(ctx.config, body.user);
      if (!user) return sendJson(res, 404, { error: "not_found", error_description: `No user '${body.user}'.` });
      state.revokeUser(user.oid);
      sendJson(res, 200, { ok: true, user: user.oid });
    }),
    ...grantRoutes(ctx),
    ...configRoutes(ctx),
  ];

  return (req, res) => {
    if (!ctx.adminEnabled) return sendJson(res, 404, { error: "not_found" });
    const refusal = adminRequestRefusal(req);
    if (refusal) return sendJson(res, refusal.status, refusal.body);
    const found = findRoute(routes, req.method, segmentsOf(req.url.pathname));
    if (!found || found === "method-not-allowed") {
      return sendJson(res, 404, {
        error: "not_found",
        error_description: `No admin route ${req.method} ${req.url.pathname.replace(/\/+$/, "")}`,
      });
    }
    return found.route.run(req, res);
  };
}
