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
import type { EmulatorContext } from "../context.ts";
import { sendJson, type Handler } from "../http.ts";
import { findRoute, segmentsOf } from "../routes.ts";
import { adminRequestRefusal } from "./guard.ts";
import { configRoutes } from "./config-routes.ts";
import { faultRoutes } from "./fault-routes.ts";
import { grantRoutes } from "./grants.ts";
import type { Route } from "./route.ts";
import { runtimeRoutes } from "./runtime-routes.ts";

export function createAdminHandler(ctx: EmulatorContext): Handler {
  const routes: Route[] = [...runtimeRoutes(ctx), ...faultRoutes(ctx), ...grantRoutes(ctx), ...configRoutes(ctx)];

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
