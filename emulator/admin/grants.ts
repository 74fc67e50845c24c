// The admin hooks on delegated grants: list them (with the app role assignments), add one, remove matching ones.
import type { ServerResponse } from "node:http";
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import { sendJson } from "../http.ts";
import { findApp } from "../identity/directory.ts";
import { identityState, type Grant, type IdentityState } from "../identity/state.ts";
import { postJson, userOid, uuid, type Route } from "./route.ts";

const grantBody = z.object({
  clientAppId: uuid,
  resourceAppId: uuid,
  consentType: z.enum(["AllPrincipals", "Principal"]).default("Principal"),
  principal: z.string().optional(),
  scope: z.string().min(1),
});
type GrantBody = z.infer<typeof grantBody>;

export function grantRoutes(ctx: EmulatorContext): Route[] {
  const state = identityState(ctx);
  return [
    { method: "GET", path: "/_admin/grants", run: (_req, res) => sendJson(res, 200, listGrants(ctx, state)) },
    postJson("/_admin/grants", grantBody, (body, res) => addGrant(ctx, state, body, res)),
    {
      method: "DELETE",
      path: "/_admin/grants",
      run: (req, res) => sendJson(res, 200, { deleted: deleteGrants(ctx, state, req.url.searchParams) }),
    },
  ];
}

function listGrants(ctx: EmulatorContext, state: IdentityState) {
  return {
    grants: state.grants.map((g) => ({
      id: g.id,
      clientAppId: g.clientAppId,
      clientId: findApp(ctx.config, g.clientAppId)?.servicePrincipalId,
      resourceAppId: g.resourceAppId,
      resourceId: findApp(ctx.config, g.resourceAppId)?.servicePrincipalId,
      consentType: g.consentType,
      principalId: g.principalId ?? null,
      scope: [...g.scopes].join(" "),
      seed: g.seed,
    })),
    appRoleAssignments: state.roleAssignments,
  };
}

/** The body's scopes join those of the grant with the same client, resource, type and principal. */
function addGrant(ctx: EmulatorContext, state: IdentityState, body: GrantBody, res: ServerResponse): void {
  if (!findApp(ctx.config, body.clientAppId) || !findApp(ctx.config, body.resourceAppId))
    return sendJson(res, 400, { error: "invalid_request", error_description: "Unknown client or resource app." });
  const principalId = body.consentType === "Principal" ? userOid(ctx, body.principal) : undefined;
  if (body.consentType === "Principal" && !principalId)
    return sendJson(res, 400, {
      error: "invalid_request",
      error_description: "A Principal grant needs a principal (user UPN or oid).",
    });
  const grant = grantFor(state, body, principalId);
  for (const s of body.scope.split(" ").filter(Boolean)) grant.scopes.add(s);
  sendJson(res, 201, { id: grant.id, scope: [...grant.scopes].join(" ") });
}

function grantFor(state: IdentityState, body: GrantBody, principalId: string | undefined): Grant {
  let grant = state.grants.find(
    (g) =>
      g.clientAppId === body.clientAppId &&
      g.resourceAppId === body.resourceAppId &&
      g.consentType === body.consentType &&
      g.principalId === principalId,
  );
  if (!grant) {
    grant = {
      id: crypto.randomUUID(),
      clientAppId: body.clientAppId,
      resourceAppId: body.resourceAppId,
      consentType: body.consentType,
      principalId,
      scopes: new Set(),
      seed: false,
    };
    state.grants.push(grant);
  }
  return grant;
}

/** Removes the grants that match every filter given (user = UPN or oid); returns how many went. */
function deleteGrants(ctx: EmulatorContext, state: IdentityState, q: URLSearchParams): number {
  const user = userOid(ctx, q.get("user"));
  const before = state.grants.length;
  state.grants = state.grants.filter(
    (g) =>
      !(
        (!q.get("client") || g.clientAppId === q.get("client")) &&
        (!q.get("resource") || g.resourceAppId === q.get("resource")) &&
        (!user || g.principalId === user)
      ),
  );
  return before - state.grants.length;
}
