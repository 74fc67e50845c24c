// /{tenant}/oauth2/v2.0/token: common checks in order (method, tenant, grant_type, client), then the grant.
// Every answer carries CORS headers reflecting the Origin, errors included, so SPAs can read them.
import type { ServerResponse } from "node:http";
import type { Application } from "../../config.ts";
import type { EmulatorContext } from "../../context.ts";
import { formParams, sendJson, type Request } from "../../http.ts";
import { findApp, resolveTenant, type TenantPath } from "../directory.ts";
import { aadsts, AadstsError, errorFields, faultError } from "../errors.ts";
import { authorizationCode } from "./authorization-code.ts";
import { presentedClientId, presentedCredentials, type PresentedCredentials } from "./client-auth.ts";
import { clientCredentials } from "./client-credentials.ts";
import type { GrantHandler } from "./context.ts";
import { deviceCode } from "./device-code.ts";
import { onBehalfOf } from "./on-behalf-of.ts";
import { refreshToken } from "./refresh-token.ts";

const GRANTS: Record<string, GrantHandler> = {
  authorization_code: authorizationCode,
  refresh_token: refreshToken,
  client_credentials: clientCredentials,
  "urn:ietf:params:oauth:grant-type:jwt-bearer": onBehalfOf,
  "urn:ietf:params:oauth:grant-type:device_code": deviceCode,
  device_code: deviceCode,
};

function corsHeaders(req: Request): Record<string, string> {
  const origin = req.headers.origin;
  if (!origin) return {};
  return {
    "Access-Control-Allow-Origin": String(origin),
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    "Access-Control-Expose-Headers": "client-request-id, x-ms-request-id",
    Vary: "Origin",
  };
}

function preflight(req: Request, res: ServerResponse): void {
  const requested = req.headers["access-control-request-headers"];
  res.writeHead(204, {
    ...corsHeaders(req),
    "Access-Control-Allow-Origin": String(req.headers.origin ?? "*"),
    "Access-Control-Allow-Methods": "POST, OPTIONS",
    ...(requested ? { "Access-Control-Allow-Headers": String(requested) } : {}),
    "Access-Control-Max-Age": "86400",
  });
  res.end();
}

export async function handleToken(
  ctx: EmulatorContext,
  segment: string,
  req: Request,
  res: ServerResponse,
): Promise<void> {
  if (req.method === "OPTIONS") return preflight(req, res);
  const form = req.method === "POST" ? formParams(req) : new URLSearchParams();
  const correlationId = correlationIdOf(req, form);
  const grantType = form.get("grant_type") ?? "";
  let clientId: string | undefined;
  try {
    const { tenant, grant } = checkRequest(ctx, segment, req, grantType);
    const creds = presentedCredentials(req, form);
    clientId = presentedClientId(form, creds);
    const client = checkClient(ctx, tenant, clientId, creds);
    const origin = req.headers.origin ? String(req.headers.origin) : undefined;
    const result = await grant({ ctx, req, form, tenant, client, creds, origin });
    ctx.events.record("token", {
      user: result.user,
      clientId: client.appId,
      data: { grantType, resource: result.resource, clientId: client.appId },
    });
    sendJson(res, 200, result.body, {
      ...corsHeaders(req),
      ...(correlationId ? { "client-request-id": correlationId } : {}),
    });
  } catch (err) {
    if (!(err instanceof AadstsError)) throw err;
    ctx.events.record("error", { clientId, data: { code: err.code, error: err.error, endpoint: "token", grantType } });
    const retry = err.overrides.retryAfterSeconds;
    sendJson(res, err.status, errorFields(ctx, err, correlationId), {
      ...corsHeaders(req),
      ...(retry ? { "Retry-After": String(retry) } : {}),
    });
  }
}

function correlationIdOf(req: Request, form: URLSearchParams): string | undefined {
  return (
    form.get("client-request-id") ??
    (req.headers["client-request-id"] as string | undefined) ??
    req.url.searchParams.get("client-request-id") ??
    undefined
  );
}

/** The checks before the client's: method, tenant, an injected fault, then grant_type. */
function checkRequest(
  ctx: EmulatorContext,
  segment: string,
  req: Request,
  grantType: string,
): { tenant: TenantPath; grant: GrantHandler } {
  if (req.method !== "POST") throw aadsts(900561, { method: req.method });
  const tenant = resolveTenant(ctx.config, segment);
  if (!tenant) throw aadsts(90002, { tenant: segment });
  const fault = ctx.faults.take("token", grantType);
  if (fault) throw faultError(fault);
  if (!grantType) throw aadsts(900144, { name: "grant_type" });
  const grant = GRANTS[grantType];
  if (!grant) throw aadsts(70003, { grantType });
  return { tenant, grant };
}

/** The presented client_id names a registration of this tenant (none on /consumers), as Basic auth does too. */
function checkClient(
  ctx: EmulatorContext,
  tenant: TenantPath,
  clientId: string | undefined,
  creds: PresentedCredentials,
): Application {
  if (!clientId) throw aadsts(900144, { name: "client_id" });
  const client = tenant.kind === "consumers" ? undefined : findApp(ctx.config, clientId);
  if (!client)
    throw aadsts(700016, { appId: clientId, tenant: tenant.kind === "tenant" ? tenant.tenantId : tenant.segment });
  if (creds.basic && creds.basic.clientId !== client.appId)
    throw aadsts(700016, { appId: creds.basic.clientId, tenant: tenant.tenantId });
  return client;
}
