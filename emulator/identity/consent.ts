// Delegated grants, `.default` resolution and the consent plan shown on the consent page (spec §6),
// including combined consent through knownClientApplications (§6.3).
import { randomUUID } from "node:crypto";
import type { Application, User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { findApp, scopeDefinition } from "./directory.ts";
import type { ParsedScopes, ResourceRequest } from "./scopes.ts";
import { OIDC_SCOPES } from "./scopes.ts";
import type { ConsentItem, IdentityState } from "./state.ts";

export type { ConsentItem } from "./state.ts";

/** Spec §6.3 leaves open whether combined consent fires for dynamic scopes too; the emulator says yes. */
export const COMBINED_CONSENT_FOR_DYNAMIC_SCOPES = true;

export function grantedScopes(
  ctx: EmulatorContext,
  state: IdentityState,
  userOid: string | undefined,
  clientAppId: string,
  resourceAppId: string,
): Set<string> {
  const out = new Set<string>();
  for (const g of state.grants) {
    if (g.clientAppId !== clientAppId || g.resourceAppId !== resourceAppId) continue;
    if (g.consentType === "AllPrincipals" || (userOid && g.principalId === userOid))
      for (const s of g.scopes) out.add(s);
  }
  const resource = findApp(ctx.config, resourceAppId);
  for (const pre of resource?.api.preAuthorizedApplications ?? []) {
    if (pre.appId !== clientAppId) continue;
    for (const id of pre.delegatedPermissionIds) {
      const def = resource!.api.oauth2PermissionScopes.find((s) => s.id === id);
      if (def) out.add(def.value);
    }
  }
  return out;
}

/** The scopes a token for `resource` may carry, or undefined when consent is missing (→ AADSTS65001). */
export function consentedScopes(
  ctx: EmulatorContext,
  state: IdentityState,
  userOid: string,
  clientAppId: string,
  resource: ResourceRequest,
): string[] | undefined {
  const granted = grantedScopes(ctx, state, userOid, clientAppId, resource.app.appId);
  if (resource.isDefault) return granted.size ? [...granted] : undefined;
  if (!resource.values.every((v) => granted.has(v))) return undefined;
  return [...new Set([...resource.values, ...granted])];
}

function staticScopes(ctx: EmulatorContext, client: Application): Array<{ resource: Application; value: string }> {
  const out: Array<{ resource: Application; value: string }> = [];
  for (const rra of client.requiredResourceAccess) {
    const resource = findApp(ctx.config, rra.resourceAppId);
    if (!resource) continue;
    for (const access of rra.resourceAccess) {
      if (access.type !== "Scope") continue;
      const def = resource.api.oauth2PermissionScopes.find((s) => s.id === access.id);
      if (def) out.push({ resource, value: def.value });
    }
  }
  return out;
}

function item(client: Application, resource: Application, value: string): ConsentItem {
  const def = scopeDefinition(resource, value);
  return {
    clientAppId: client.appId,
    resourceAppId: resource.appId,
    resourceName: resource.displayName,
    scope: value,
    description: def?.displayName ?? value,
    adminOnly: def?.adminConsentRequired ?? false,
  };
}

/** What an interactive request must have consented before a code is issued; [] means no prompt. */
export function planConsent(
  ctx: EmulatorContext,
  state: IdentityState,
  user: User,
  client: Application,
  parsed: ParsedScopes,
  forced: boolean,
): ConsentItem[] {
  const items: ConsentItem[] = [];
  const add = (c: Application, r: Application, value: string, onlyIfMissing: boolean) => {
    const granted = grantedScopes(ctx, state, user.oid, c.appId, r.appId);
    if (onlyIfMissing && granted.has(value)) return;
    // prompt=consent by a user: an admin-only permission an admin already granted is not the user's to
    // grant again, and must not turn the prompt into "needs admin approval" (AADSTS90094).
    if (!user.isAdmin && granted.has(value) && scopeDefinition(r, value)?.adminConsentRequired) return;
    if (items.some((i) => i.clientAppId === c.appId && i.resourceAppId === r.appId && i.scope === value)) return;
    items.push(item(c, r, value));
  };
  let wantsStatic = false;
  let dynamic = false;
  for (const r of parsed.resources) {
    const granted = grantedScopes(ctx, state, user.oid, client.appId, r.app.appId);
    if (r.isDefault) {
      if (forced || granted.size === 0) wantsStatic = true;
      continue;
    }
    for (const v of r.values) {
      if (forced || !granted.has(v)) {
        add(client, r.app, v, !forced);
        dynamic = true;
      }
    }
  }
  if (wantsStatic) {
    for (const s of staticScopes(ctx, client)) if (!OIDC_SCOPES.has(s.value)) add(client, s.resource, s.value, !forced);
  }
  if (items.length === 0) return items;
  if (wantsStatic || (dynamic && COMBINED_CONSENT_FOR_DYNAMIC_SCOPES)) {
    for (const rra of client.requiredResourceAccess) {
      const api = findApp(ctx.config, rra.resourceAppId);
      if (!api || !api.api.knownClientApplications.includes(client.appId)) continue;
      for (const s of staticScopes(ctx, api)) if (!OIDC_SCOPES.has(s.value)) add(api, s.resource, s.value, true);
    }
  }
  return items;
}

/** Records the accepted plan; an admin consenting with prompt=consent consents for the whole tenant. */
export function applyConsent(state: IdentityState, user: User, items: ConsentItem[], tenantWide: boolean): void {
  for (const i of items) {
    const consentType = tenantWide ? "AllPrincipals" : "Principal";
    const principalId = tenantWide ? undefined : user.oid;
    let grant = state.grants.find(
      (g) =>
        g.clientAppId === i.clientAppId &&
        g.resourceAppId === i.resourceAppId &&
        g.consentType === consentType &&
        g.principalId === principalId,
    );
    if (!grant) {
      grant = {
        id: randomUUID(),
        clientAppId: i.clientAppId,
        resourceAppId: i.resourceAppId,
        consentType,
        principalId,
        scopes: new Set(),
        seed: false,
      };
      state.grants.push(grant);
    }
    grant.scopes.add(i.scope);
  }
}

/** Admin consent (/adminconsent): the client's static delegated permissions tenant-wide, plus its application permissions. */
export function planAdminConsent(
  ctx: EmulatorContext,
  client: Application,
): {
  delegated: ConsentItem[];
  appRoles: Array<{ resource: Application; roleId: string; value: string; description: string }>;
} {
  const delegated = staticScopes(ctx, client).map((s) => item(client, s.resource, s.value));
  const appRoles: Array<{ resource: Application; roleId: string; value: string; description: string }> = [];
  for (const rra of client.requiredResourceAccess) {
    const resource = findApp(ctx.config, rra.resourceAppId);
    for (const access of rra.resourceAccess) {
      const role = access.type === "Role" ? resource?.appRoles.find((r) => r.id === access.id) : undefined;
      if (resource && role)
        appRoles.push({ resource, roleId: role.id, value: role.value, description: role.displayName ?? role.value });
    }
  }
  return { delegated, appRoles };
}

export function applyAdminConsent(state: IdentityState, ctx: EmulatorContext, client: Application, user: User): void {
  const plan = planAdminConsent(ctx, client);
  applyConsent(state, user, plan.delegated, true);
  for (const r of plan.appRoles) {
    if (
      state.roleAssignments.some(
        (a) => a.principalId === client.appId && a.resourceAppId === r.resource.appId && a.appRoleId === r.roleId,
      )
    )
      continue;
    state.roleAssignments.push({
      principalType: "ServicePrincipal",
      principalId: client.appId,
      resourceAppId: r.resource.appId,
      appRoleId: r.roleId,
      value: r.value,
      seed: false,
    });
  }
}
