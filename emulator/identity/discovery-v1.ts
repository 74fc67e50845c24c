// The v1 metadata document (/{tenant}/.well-known/openid-configuration): what an API that accepts v1 access
// tokens reads their issuer from, as Microsoft.Identity.Web does. The v1 protocol endpoints themselves
// (oauth2/authorize, oauth2/token without v2.0) are not emulated, so they are not advertised.
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { sendJson } from "../http.ts";
import { issuerV1, type TenantPath } from "./directory.ts";

export function openidConfigurationV1(ctx: EmulatorContext, tenant: TenantPath, res: ServerResponse): void {
  const segment = tenant.kind === "tenant" ? tenant.tenantId : tenant.segment;
  const issuer =
    tenant.kind === "common" || tenant.kind === "organizations" ? issuerV1("{tenantid}") : issuerV1(tenant.tenantId);
  sendJson(
    res,
    200,
    {
      issuer,
      jwks_uri: `https://${ctx.host}/${segment}/discovery/keys`,
      id_token_signing_alg_values_supported: ["RS256"],
      subject_types_supported: ["pairwise"],
      tenant_region_scope: tenant.kind === "tenant" ? "NA" : null,
      cloud_instance_name: "microsoftonline.com",
      cloud_graph_host_name: "graph.windows.net",
      msgraph_host: "graph.microsoft.com",
      rbac_url: "https://pas.windows.net",
    },
    { "Access-Control-Allow-Origin": "*", "Cache-Control": "max-age=86400, private" },
  );
}
