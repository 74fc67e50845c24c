// Lookups over the tenant file: tenant path segments, apps by id or identifier URI, users by UPN/oid.
import { GRAPH_APP_ID, type Application, type EmulatorConfig, type User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { aadsts, type AadstsError } from "./errors.ts";
import { matchesAny } from "./redirect-uri.ts";

export const MSA_TENANT_ID = "9188040d-6c67-4c5b-b112-36a304b66dad";
export const GRAPH_IDENTIFIER = "https://graph.microsoft.com";

export type TenantKind = "tenant" | "common" | "organizations" | "consumers";
export interface TenantPath {
  segment: string;
  kind: TenantKind;
  /** The concrete tenant the request lands in (common/organizations sign users into the emulated tenant). */
  tenantId: string;
}

export function resolveTenant(config: EmulatorConfig, segment: string): TenantPath | undefined {
  const lower = segment.toLowerCase();
  if (lower === "common" || lower === "organizations") return { segment, kind: lower, tenantId: config.tenant.id };
  if (lower === "consumers") return { segment, kind: "consumers", tenantId: MSA_TENANT_ID };
  if (lower === config.tenant.id.toLowerCase() || config.tenant.domains.some((d) => d.toLowerCase() === lower)) {
    return { segment, kind: "tenant", tenantId: config.tenant.id };
  }
  return undefined;
}

export function findApp(config: EmulatorConfig, appId: string | null | undefined): Application | undefined {
  if (!appId) return undefined;
  const lower = appId.toLowerCase();
  return config.applications.find((a) => a.appId.toLowerCase() === lower);
}

const trimSlash = (s: string) => s.replace(/\/+$/, "");

/** An App ID URI (`api://…`, `https://graph.microsoft.com`, trailing slashes tolerated) or an appId GUID. */
export function findResource(config: EmulatorConfig, identifier: string): Application | undefined {
  const byId = findApp(config, trimSlash(identifier));
  if (byId) return byId;
  const id = trimSlash(identifier);
  return config.applications.find((a) => a.identifierUris.some((u) => trimSlash(u) === id));
}

export function graphApp(config: EmulatorConfig): Application {
  const graph = findApp(config, GRAPH_APP_ID);
  if (!graph) throw new Error("emulator: the tenant file must register Microsoft Graph");
  return graph;
}

export function findUser(config: EmulatorConfig, upnOrOid: string | null | undefined): User | undefined {
  if (!upnOrOid) return undefined;
  const lower = upnOrOid.toLowerCase();
  return config.users.find((u) => u.userPrincipalName.toLowerCase() === lower || u.oid.toLowerCase() === lower);
}

export type Platform = "web" | "spa" | "publicClient";

export function redirectPlatform(app: Application, uri: string): Platform | undefined {
  if (matchesAny(app.web.redirectUris, uri)) return "web";
  if (matchesAny(app.spa.redirectUris, uri)) return "spa";
  if (matchesAny(app.publicClient.redirectUris, uri)) return "publicClient";
  return undefined;
}

export function allRedirectUris(app: Application): string[] {
  return [...app.web.redirectUris, ...app.spa.redirectUris, ...app.publicClient.redirectUris];
}

export function isConfidential(app: Application): boolean {
  return app.passwordCredentials.length > 0 || app.keyCredentials.length > 0;
}

export function issuerV2(ctx: EmulatorContext, tenantId: string): string {
  return `https://${ctx.host}/${tenantId}/v2.0`;
}

/** v1 tokens name Entra's v1 STS whichever host issued them (spec §5.1). */
export function issuerV1(tenantId: string): string {
  return `https://sts.windows.net/${tenantId}/`;
}

export function tokenEndpoint(ctx: EmulatorContext, segment: string): string {
  return `https://${ctx.host}/${segment}/oauth2/v2.0/token`;
}

export function scopeDefinition(app: Application, value: string) {
  return app.api.oauth2PermissionScopes.find((s) => s.value.toLowerCase() === value.toLowerCase());
}

/**
 * The first checks of a request that names a tenant and a client (authorize, device code): the tenant
 * (AADSTS90002), the client_id (900144) and the client in that tenant (700016; none in consumers).
 */
export function tenantAndClient(
  config: EmulatorConfig,
  segment: string,
  clientId: string | null,
): { tenant: TenantPath; client: Application } | AadstsError {
  const tenant = resolveTenant(config, segment);
  if (!tenant) return aadsts(90002, { tenant: segment });
  if (!clientId) return aadsts(900144, { name: "client_id" });
  const client = tenant.kind === "consumers" ? undefined : findApp(config, clientId);
  if (!client) return aadsts(700016, { appId: clientId, tenant: tenant.kind === "tenant" ? tenant.tenantId : segment });
  return { tenant, client };
}
