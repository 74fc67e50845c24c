// The identity platform's routes (spec §1), in the emulator's one routing style (routes.ts): everything
// that is not the admin hooks, Graph or the workload issuer lands here. `:tenant` is the authority's
// tenant segment (a GUID, a domain, common, organizations or consumers).
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import type { Fault } from "../faults.ts";
import { sendHtml, sendJson, type Handler, type Request } from "../http.ts";
import { findRoute, segmentsOf, type Params, type RouteSpec } from "../routes.ts";
import { handleAdminConsent, handleAuthorize } from "./authorize.ts";
import { DEVICE_LOGIN_PATH, handleDeviceCode, handleDeviceLogin } from "./device-code.ts";
import { instanceDiscovery, jwks, openidConfiguration } from "./discovery.ts";
import { openidConfigurationV1 } from "./discovery-v1.ts";
import { resolveTenant, type TenantPath } from "./directory.ts";
import { aadsts, errorFields, faultError } from "./errors.ts";
import { handleLoginStep } from "./login-step.ts";
import { handleLogout } from "./logout.ts";
import { handleManagedIdentity, MANAGED_IDENTITY_PATH } from "./managed-identity.ts";
import { errorLookupPage, homePage } from "./pages.ts";
import { identityState } from "./state.ts";
import { handleToken } from "./token/index.ts";

interface Route extends RouteSpec {
  run: (ctx: EmulatorContext, req: Request, res: ServerResponse, params: Params) => Promise<void> | void;
}

/**
 * A tenant's discovery document or keys; an unknown tenant is AADSTS90002, readable cross-origin. A fault
 * injected for the document (`discovery` or `jwks`) answers instead.
 */
const tenantDocument =
  (
    document: "discovery" | "jwks",
    serve: (ctx: EmulatorContext, tenant: TenantPath, res: ServerResponse) => void,
  ): Route["run"] =>
  (ctx, _req, res, { tenant: segment }) => {
    const tenant = resolveTenant(ctx.config, segment);
    if (!tenant)
      return sendJson(res, 400, errorFields(ctx, aadsts(90002, { tenant: segment })), {
        "Access-Control-Allow-Origin": "*",
      });
    const fault = ctx.faults.take(document);
    if (fault) return sendFault(ctx, res, fault);
    serve(ctx, tenant, res);
  };

const adminConsent: Route["run"] = (ctx, req, res, { tenant }) => handleAdminConsent(ctx, tenant, req, res);

const ROUTES: Route[] = [
  { method: "GET", path: "/", run: (ctx, _req, res) => sendHtml(res, 200, homePage(ctx)) },
  {
    method: "*",
    path: "/error",
    run: (ctx, req, res) => sendHtml(res, 200, errorLookupPage(ctx, Number(req.url.searchParams.get("code") ?? 0))),
  },
  { method: "*", path: "/common/discovery/instance", run: (ctx, req, res) => instanceDiscovery(ctx, req, res) },
  { method: "*", path: MANAGED_IDENTITY_PATH, run: (ctx, req, res) => handleManagedIdentity(ctx, req, res) },
  { method: "*", path: DEVICE_LOGIN_PATH, run: (ctx, req, res) => handleDeviceLogin(ctx, req, res) },
  {
    method: "*",
    path: "/:tenant/oauth2/v2.0/token",
    run: (ctx, req, res, { tenant }) => handleToken(ctx, tenant, req, res),
  },
  {
    method: "*",
    path: "/:tenant/oauth2/v2.0/devicecode",
    run: (ctx, req, res, { tenant }) => handleDeviceCode(ctx, tenant, req, res),
  },
  {
    method: "*",
    path: "/:tenant/oauth2/v2.0/authorize",
    run: (ctx, req, res, { tenant }) => handleAuthorize(ctx, tenant, req, res),
  },
  { method: "POST", path: "/:tenant/login", run: (ctx, req, res) => handleLoginStep(ctx, req, res) },
  { method: "*", path: "/:tenant/oauth2/v2.0/logout", run: (ctx, req, res) => handleLogout(ctx, req, res) },
  { method: "*", path: "/:tenant/v2.0/adminconsent", run: adminConsent },
  { method: "*", path: "/:tenant/adminconsent", run: adminConsent },
  {
    method: "*",
    path: "/:tenant/v2.0/.well-known/openid-configuration",
    run: tenantDocument("discovery", openidConfiguration),
  },
  {
    method: "*",
    path: "/:tenant/.well-known/openid-configuration",
    run: tenantDocument("discovery", openidConfigurationV1),
  },
  { method: "*", path: "/:tenant/discovery/v2.0/keys", run: tenantDocument("jwks", jwks) },
  { method: "*", path: "/:tenant/discovery/keys", run: tenantDocument("jwks", jwks) },
];

export function createIdentityHandler(ctx: EmulatorContext): Handler {
  identityState(ctx);
  return async (req, res) => {
    const found = findRoute(ROUTES, req.method, segmentsOf(req.url.pathname));
    // Anything else (a wrong method included) is the server's 404.
    if (found && found !== "method-not-allowed") return found.route.run(ctx, req, res, found.params);
  };
}

/** A forced failure of discovery or JWKS: the given status (default 503) in Entra's envelope, Retry-After if asked. */
function sendFault(ctx: EmulatorContext, res: ServerResponse, fault: Fault): void {
  const err = faultError({ ...fault, status: fault.status ?? (fault.aadsts ? undefined : 503) });
  const retry = fault.retryAfterSeconds;
  sendJson(res, err.status, errorFields(ctx, err), {
    "Access-Control-Allow-Origin": "*",
    ...(retry ? { "Retry-After": String(retry) } : {}),
  });
}
