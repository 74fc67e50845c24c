// The identity platform's routes (spec §1). Everything that is not /_admin or /graph lands here.
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import type { Fault } from "../faults.ts";
import { sendHtml, sendJson, type Handler } from "../http.ts";
import { handleAdminConsent, handleAuthorize } from "./authorize.ts";
import { DEVICE_LOGIN_PATH, handleDeviceCode, handleDeviceLogin } from "./device-code.ts";
import { instanceDiscovery, jwks, openidConfiguration } from "./discovery.ts";
import { openidConfigurationV1 } from "./discovery-v1.ts";
import { resolveTenant } from "./directory.ts";
import { aadsts, errorFields, faultError } from "./errors.ts";
import { handleLoginStep } from "./flow.ts";
import { handleLogout } from "./logout.ts";
import { errorLookupPage, homePage } from "./pages.ts";
import { identityState } from "./state.ts";
import { handleToken } from "./token/index.ts";

export function createIdentityHandler(ctx: EmulatorContext): Handler {
  identityState(ctx);
  return async (req, res) => {
    const path = req.url.pathname.replace(/\/+$/, "") || "/";
    if (path === "/" && req.method === "GET") return sendHtml(res, 200, homePage(ctx));
    if (path === "/error") return sendHtml(res, 200, errorLookupPage(ctx, Number(req.url.searchParams.get("code") ?? 0)));
    if (path === "/common/discovery/instance") return instanceDiscovery(ctx, req, res);
    if (path === DEVICE_LOGIN_PATH) return handleDeviceLogin(ctx, req, res);

    const [segment, ...rest] = path.split("/").filter(Boolean);
    if (!segment) return;
    const route = rest.join("/");
    switch (route) {
      case "oauth2/v2.0/token":
        return handleToken(ctx, segment, req, res);
      case "oauth2/v2.0/devicecode":
        return handleDeviceCode(ctx, segment, req, res);
      case "oauth2/v2.0/authorize":
        return handleAuthorize(ctx, segment, req, res);
      case "login":
        if (req.method === "POST") return handleLoginStep(ctx, req, res);
        return;
      case "oauth2/v2.0/logout":
        return handleLogout(ctx, req, res);
      case "v2.0/adminconsent":
      case "adminconsent":
        return handleAdminConsent(ctx, segment, req, res);
      case "v2.0/.well-known/openid-configuration":
      case ".well-known/openid-configuration":
      case "discovery/v2.0/keys":
      case "discovery/keys": {
        const tenant = resolveTenant(ctx.config, segment);
        if (!tenant) return sendJson(res, 400, errorFields(ctx, aadsts(90002, { tenant: segment })), { "Access-Control-Allow-Origin": "*" });
        const document = route.startsWith("discovery/") ? "jwks" : "discovery";
        const fault = ctx.faults.take(document);
        if (fault) return sendFault(ctx, res, fault);
        if (route.startsWith("v2.0")) return openidConfiguration(ctx, tenant, res);
        if (route.startsWith(".well-known")) return openidConfigurationV1(ctx, tenant, res);
        return jwks(ctx, tenant, res);
      }
    }
  };
}

/** A forced failure of discovery or JWKS: the given status (default 503) in Entra's envelope, Retry-After if asked. */
function sendFault(ctx: EmulatorContext, res: ServerResponse, fault: Fault): void {
  const err = faultError({ ...fault, status: fault.status ?? (fault.aadsts ? undefined : 503) });
  const retry = fault.retryAfterSeconds;
  sendJson(res, err.status, errorFields(ctx, err), { "Access-Control-Allow-Origin": "*", ...(retry ? { "Retry-After": String(retry) } : {}) });
}
