// grant_type=client_credentials (spec §4.4): `{resource}/.default` only; roles = the client's app role assignments.
import { findResource } from "../directory.ts";
import { aadsts } from "../errors.ts";
import { splitScope } from "../scopes.ts";
import { identityState } from "../state.ts";
import { mintAppAccessToken } from "../tokens.ts";
import { authenticateClient } from "./client-auth.ts";
import { requireParam, type GrantHandler } from "./context.ts";

const LIFETIME = 3599;

export const clientCredentials: GrantHandler = async (call) => {
  const { ctx, form, client, tenant } = call;
  const scopes = splitScope(requireParam(form, "scope"));
  const notDefault = scopes.find((s) => !s.endsWith("/.default"));
  if (notDefault) throw aadsts(1002012, { scope: notDefault });
  if (scopes.length > 1) throw aadsts(700022, { scope: scopes.join(" ") });
  const identifier = scopes[0].slice(0, -"/.default".length);
  const resource = findResource(ctx.config, identifier);
  if (!resource) throw aadsts(500011, { resource: identifier, tenant: tenant.segment });
  if (tenant.kind === "common" || tenant.kind === "consumers") throw aadsts(9001023);
  const acr = await authenticateClient(ctx, client, call.creds, { required: true });
  const roles = identityState(ctx).appRoles(client.appId, resource.appId);
  const token = await mintAppAccessToken(
    ctx,
    {
      tenantId: tenant.tenantId,
      client,
      clientAcr: acr === "2" ? "2" : "1",
      resource,
      audience: identifier.replace(/\/+$/, "") || identifier,
      roles,
    },
    LIFETIME,
  );
  return {
    body: { token_type: "Bearer", expires_in: LIFETIME, ext_expires_in: LIFETIME, access_token: token },
    resource: resource.appId,
  };
};
