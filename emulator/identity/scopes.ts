// Scope strings → OIDC scopes plus, per resource, the permission values asked for (spec §6.1).
import { GRAPH_APP_ID, type Application } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { findResource, GRAPH_IDENTIFIER, graphApp, scopeDefinition } from "./directory.ts";
import { aadsts } from "./errors.ts";

export const OIDC_SCOPES = new Set(["openid", "profile", "email", "offline_access"]);

export interface ResourceRequest {
  app: Application;
  /** The identifier the client used (a v1 token's `aud`). */
  identifier: string;
  isDefault: boolean;
  values: string[];
}

export interface ParsedScopes {
  oidc: string[];
  resources: ResourceRequest[];
}

export function splitScope(scope: string | null | undefined): string[] {
  return (scope ?? "").split(/\s+/).filter(Boolean);
}

/** Throws AADSTS500011 (unknown resource) or AADSTS70011 (unknown scope, or `.default` mixed with others). */
export function parseScopes(ctx: EmulatorContext, scope: string | null | undefined): ParsedScopes {
  const oidc: string[] = [];
  const resources: ResourceRequest[] = [];
  for (const token of splitScope(scope)) {
    if (OIDC_SCOPES.has(token.toLowerCase())) {
      if (!oidc.includes(token.toLowerCase())) oidc.push(token.toLowerCase());
      continue;
    }
    const slash = token.lastIndexOf("/");
    const identifier = slash < 0 ? GRAPH_IDENTIFIER : token.slice(0, slash);
    const value = slash < 0 ? token : token.slice(slash + 1);
    const app = slash < 0 ? graphApp(ctx.config) : findResource(ctx.config, identifier);
    if (!app) throw aadsts(500011, { resource: identifier, tenant: ctx.config.tenant.id });
    let entry = resources.find((r) => r.app.appId === app.appId);
    if (!entry) resources.push((entry = { app, identifier, isDefault: false, values: [] }));
    if (value === ".default") {
      if (entry.values.length) throw aadsts(70011, { scope: token });
      entry.isDefault = true;
      continue;
    }
    const def = scopeDefinition(app, value);
    if (!def || entry.isDefault) throw aadsts(70011, { scope: token });
    if (!entry.values.includes(def.value)) entry.values.push(def.value);
  }
  return { oidc, resources };
}

/** How a granted scope is written back in the `scope` response field: Graph unprefixed, other APIs qualified. */
export function qualify(resource: ResourceRequest, values: Iterable<string>): string[] {
  const out: string[] = [];
  for (const v of values)
    out.push(resource.app.appId === GRAPH_APP_ID ? v : `${resource.identifier.replace(/\/+$/, "")}/${v}`);
  return out;
}
