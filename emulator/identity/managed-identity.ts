// The host's identity endpoint, as App Service and Container Apps provide it to the app (IDENTITY_ENDPOINT
// + IDENTITY_HEADER): GET /msi/token?api-version=2019-08-01&resource=…[&client_id=…]. msal-node's
// ManagedIdentityApplication calls it unmodified. Only the token exchange resource is served, for
// managed identity as a federated credential (the backend registration trusts the identity's tokens).
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { sendJson, type Request } from "../http.ts";
import { mintManagedIdentityToken, TOKEN_EXCHANGE_APP_ID } from "./tokens.ts";

export const MANAGED_IDENTITY_PATH = "/msi/token";

/**
 * Entra accepts only user-assigned managed identities as an application's federated credential ("system-assigned
 * identities aren't supported"); the tenant's own token of any other principal is refused with AADSTS700236.
 */
export function isUserAssignedIdentityToken(ctx: EmulatorContext, claims: { sub?: unknown }): boolean {
  return ctx.config.managedIdentities.some((m) => m.kind === "user" && m.principalId === claims.sub);
}
const TOKEN_EXCHANGE_RESOURCES = [
  "api://AzureADTokenExchange",
  "api://AzureADTokenExchange/.default",
  TOKEN_EXCHANGE_APP_ID,
];

const refuse = (res: ServerResponse, status: number, message: string) =>
  sendJson(res, status, { statusCode: status, message });

export async function handleManagedIdentity(ctx: EmulatorContext, req: Request, res: ServerResponse): Promise<void> {
  if (req.method !== "GET") return refuse(res, 405, "The identity endpoint answers GET only.");
  if (req.headers["x-identity-header"] !== ctx.config.managedIdentityHeader)
    return refuse(res, 401, "The X-IDENTITY-HEADER is missing or wrong.");
  const q = req.url.searchParams;
  if (q.get("api-version") !== "2019-08-01") return refuse(res, 400, "Unsupported api-version: use 2019-08-01.");
  const userAssigned = q.get("client_id") ?? q.get("principal_id") ?? q.get("object_id");
  const identity = userAssigned
    ? ctx.config.managedIdentities.find(
        (m) => m.kind === "user" && (m.clientId === userAssigned || m.principalId === userAssigned),
      )
    : ctx.config.managedIdentities.find((m) => m.kind === "system");
  if (!identity) return refuse(res, 400, "Unable to load the proper Managed Identity.");
  const resource = q.get("resource") ?? "";
  if (!TOKEN_EXCHANGE_RESOURCES.includes(resource)) {
    return refuse(
      res,
      400,
      `AADSTS500011: The resource principal named ${resource} was not found in the tenant (the emulated identity endpoint serves api://AzureADTokenExchange only).`,
    );
  }
  const { token, expiresIn } = await mintManagedIdentityToken(ctx, identity, TOKEN_EXCHANGE_APP_ID);
  ctx.events.record("token", { clientId: identity.clientId, data: { grantType: "managed_identity", resource } });
  sendJson(res, 200, {
    access_token: token,
    expires_on: String(ctx.clock.now() + expiresIn),
    resource,
    token_type: "Bearer",
    client_id: identity.clientId,
  });
}
