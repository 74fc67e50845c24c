// OIDC discovery, MSAL instance discovery and JWKS (spec §2).
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { sendJson, type Request } from "../http.ts";
import { issuerV2, MSA_TENANT_ID, type TenantPath } from "./directory.ts";
import { aadsts, errorFields } from "./errors.ts";

const CORS = { "Access-Control-Allow-Origin": "*" };

export function discoveryIssuer(ctx: EmulatorContext, tenant: TenantPath): string {
  if (tenant.kind === "common" || tenant.kind === "organizations") return `https://${ctx.host}/{tenantid}/v2.0`;
  if (tenant.kind === "consumers") return issuerV2(ctx, MSA_TENANT_ID);
  return issuerV2(ctx, tenant.tenantId);
}

export function openidConfiguration(ctx: EmulatorContext, tenant: TenantPath, res: ServerResponse): void {
  const segment = tenant.kind === "tenant" ? tenant.tenantId : tenant.segment;
  const base = `https://${ctx.host}/${segment}`;
  sendJson(
    res,
    200,
    {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: discoveryIssuer(ctx, tenant),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.graphBaseUrl}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported:
        "sub iss cloud_instance_name cloud_instance_host_name cloud_graph_host_name msgraph_host aud exp iat auth_time acr nonce preferred_username name tid ver at_hash c_hash email".split(
          " ",
        ),
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: tenant.kind === "tenant" ? "NA" : null,
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    },
    { ...CORS, "Cache-Control": "max-age=86400, private" },
  );
}

export function instanceDiscovery(ctx: EmulatorContext, req: Request, res: ServerResponse): void {
  const endpoint = req.url.searchParams.get("authorization_endpoint") ?? "";
  let host = "";
  let tenant = "common";
  try {
    const url = new URL(endpoint);
    host = url.host.toLowerCase();
    tenant = url.pathname.split("/").filter(Boolean)[0] ?? "common";
  } catch {
    /* unknown instance below */
  }
  // Entra answers for its own hosts whatever the port; Python MSAL sends the authority's host without it.
  if (host.replace(/:\d+$/, "") !== new URL(ctx.baseUrl).hostname.toLowerCase()) {
    return sendJson(res, 400, errorFields(ctx, aadsts(50049)), CORS);
  }
  sendJson(
    res,
    200,
    {
      tenant_discovery_endpoint: `https://${ctx.host}/${tenant}/v2.0/.well-known/openid-configuration`,
      "api-version": "1.1",
      metadata: [{ preferred_network: ctx.host, preferred_cache: ctx.host, aliases: [...new Set([ctx.host, host])] }],
    },
    CORS,
  );
}

export function jwks(ctx: EmulatorContext, tenant: TenantPath, res: ServerResponse): void {
  sendJson(res, 200, ctx.keys.jwks(discoveryIssuer(ctx, tenant)), {
    ...CORS,
    "Cache-Control": "max-age=86400, private",
  });
}
