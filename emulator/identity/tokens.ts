// Token minting (spec §5) with jose. Access tokens take the version the resource asks for; Graph tokens
// carry a header nonce and are signed over its hash, so only "Graph" can validate them (§5.2).
import { createHash, randomBytes, randomInt } from "node:crypto";
import { CompactSign, SignJWT } from "jose";
import { GRAPH_APP_ID, type Application, type User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { issuerV1, issuerV2 } from "./directory.ts";
import { clientCapabilities, requestedAcrs } from "./claims.ts";
import { optionalClaim, optionalClaims } from "./optional-claims.ts";
import type { ClaimsRequest } from "./state.ts";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");
const opaqueClaim = (bytes: number) => randomBytes(bytes).toString("base64url");
const GROUP_OVERAGE_LIMIT = 200;

/** Pairwise, stable per (tenant, user, recipient): 43 base64url characters. */
export function pairwiseSub(tenantId: string, oid: string, recipient: string): string {
  return createHash("sha256").update(`${tenantId}|${oid}|${recipient}`).digest("base64url");
}

export function clientInfo(user: User, tenantId: string): string {
  return b64url(JSON.stringify({ uid: user.oid, utid: tenantId }));
}

/** The opaque `login_hint` ID-token claim that MSAL later sends back as login_hint / logout_hint. */
export function loginHintClaim(user: User, tenantId: string): string {
  return b64url(JSON.stringify({ v: 1, oid: user.oid, tid: tenantId }));
}

export function userFromLoginHint(hint: string): string | undefined {
  try {
    const value = JSON.parse(Buffer.from(hint, "base64url").toString("utf8")) as { oid?: string };
    return typeof value.oid === "string" ? value.oid : undefined;
  } catch {
    return undefined;
  }
}

export const accessTokenLifetime = () => randomInt(3600, 5401);
// Continuous access evaluation: a CAE resource (Graph) gives a client that declared cp1 a long-lived token,
// because it will tell the client at once when the user's sessions are revoked (graph/verify.ts).
const caeTokenLifetime = () => randomInt(24 * 3600, 28 * 3600 + 1);

function baseClaims(ctx: EmulatorContext, lifetime: number) {
  const now = ctx.clock.now();
  return {
    iat: now,
    nbf: now,
    exp: now + lifetime,
    aio: opaqueClaim(48),
    rh: `1.${opaqueClaim(42)}.`,
    uti: opaqueClaim(16),
  };
}

async function sign(ctx: EmulatorContext, claims: Record<string, unknown>, v1Header: boolean): Promise<string> {
  const key = ctx.keys.active();
  const header = v1Header
    ? { typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid }
    : { typ: "JWT", alg: "RS256", kid: key.kid };
  return new SignJWT(claims).setProtectedHeader(header).sign(key.privateKey);
}

/** Header {typ, nonce, alg, x5t, kid} in that order; the signature covers it with nonce = b64url(SHA-256(nonce)). */
async function signGraph(ctx: EmulatorContext, claims: Record<string, unknown>): Promise<string> {
  const key = ctx.keys.active();
  const nonce = opaqueClaim(32);
  const hashed = b64url(createHash("sha256").update(nonce, "utf8").digest());
  const signed = await new CompactSign(Buffer.from(JSON.stringify(claims)))
    .setProtectedHeader({ typ: "JWT", nonce: hashed, alg: "RS256", x5t: key.kid, kid: key.kid })
    .sign(key.privateKey);
  const [, payload, signature] = signed.split(".");
  return `${b64url(JSON.stringify({ typ: "JWT", nonce, alg: "RS256", x5t: key.kid, kid: key.kid }))}.${payload}.${signature}`;
}

const isV2 = (resource: Application) =>
  resource.appId !== GRAPH_APP_ID && resource.api.requestedAccessTokenVersion === 2;

async function signAccess(
  ctx: EmulatorContext,
  resource: Application,
  claims: Record<string, unknown>,
): Promise<string> {
  if (resource.appId === GRAPH_APP_ID) return signGraph(ctx, claims);
  return sign(ctx, claims, !isV2(resource));
}

function groupClaims(ctx: EmulatorContext, user: User, resource: Application): Record<string, unknown> {
  if (resource.groupMembershipClaims === "None") return {};
  const groups = user.groupIds.filter((id) => {
    const g = ctx.config.groups.find((x) => x.id === id);
    return resource.groupMembershipClaims === "All" || (g?.securityEnabled ?? true);
  });
  if (groups.length <= GROUP_OVERAGE_LIMIT) return { groups };
  return {
    _claim_names: { groups: "src1" },
    _claim_sources: { src1: { endpoint: `${ctx.graphBaseUrl}/v1.0/users/${user.oid}/getMemberObjects` } },
  };
}

/** Entra's token exchange app: a token for api://AzureADTokenExchange carries its app id as `aud`. */
export const TOKEN_EXCHANGE_APP_ID = "fb60f99c-7a34-4190-8149-302f77469936";

/** The Azure resource id Entra puts in a managed identity's tokens (xms_mirid): the identity, or its host's site. */
const managedIdentityResource = (mi: { kind: "system" | "user"; name: string }) =>
  `/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/dual-mode/providers/${mi.kind === "user" ? "Microsoft.ManagedIdentity/userAssignedIdentities" : "Microsoft.Web/sites"}/${mi.name}`;

/** A managed identity's app-only token (v2), as the host's identity endpoint hands it out. */
export async function mintManagedIdentityToken(
  ctx: EmulatorContext,
  mi: { clientId: string; principalId: string; kind: "system" | "user"; name: string },
  audience: string,
): Promise<{ token: string; expiresIn: number }> {
  const expiresIn = 24 * 3600;
  const tid = ctx.config.tenant.id;
  const claims = {
    aud: audience,
    iss: issuerV2(ctx, tid),
    ...baseClaims(ctx, expiresIn),
    azp: mi.clientId,
    azpacr: "2",
    idtyp: "app",
    oid: mi.principalId,
    sub: mi.principalId,
    tid,
    ver: "2.0",
    xms_mirid: managedIdentityResource(mi),
  };
  return { token: await sign(ctx, claims, false), expiresIn };
}

/** Whom an access token is for and who asked for it: the claims that open a v2 token. */
function v2Parties(
  ctx: EmulatorContext,
  t: { tenantId: string; client: Application; clientAcr: string; resource: Application },
) {
  return { aud: t.resource.appId, iss: issuerV2(ctx, t.tenantId), azp: t.client.appId, azpacr: t.clientAcr };
}

export interface UserTokenInput {
  tenantId: string;
  user: User;
  client: Application;
  clientAcr: "0" | "1" | "2";
  resource: Application;
  audience: string; // identifier the client used (v1 aud)
  scopes: string[];
  roles: string[];
  amr: string[];
  authTime: number;
  sid?: string;
  claims?: ClaimsRequest;
}

export async function mintUserAccessToken(
  ctx: EmulatorContext,
  t: UserTokenInput,
): Promise<{ token: string; expiresIn: number }> {
  const xmsCc = clientCapabilities(t.resource, t.claims);
  const expiresIn = xmsCc && t.resource.appId === GRAPH_APP_ID ? caeTokenLifetime() : accessTokenLifetime();
  const tid = t.tenantId;
  const common = {
    ...baseClaims(ctx, expiresIn),
    tid,
    oid: t.user.oid,
    sub: pairwiseSub(tid, t.user.oid, t.resource.appId),
    name: t.user.displayName,
    scp: t.scopes.join(" "),
    ...(t.roles.length ? { roles: t.roles } : {}),
    ...groupClaims(ctx, t.user, t.resource),
  };
  const acrs = t.amr.includes("mfa") ? requestedAcrs(t.claims) : [];
  const version = isV2(t.resource) ? "2.0" : "1.0";
  const optional = optionalClaims(t.resource, "accessToken", {
    user: t.user,
    version,
    authTime: t.authTime,
    loginHint: loginHintClaim(t.user, tid),
  });
  const extras = { ...optional, ...(xmsCc ? { xms_cc: xmsCc } : {}), ...(acrs.length ? { acrs } : {}) };
  const claims = isV2(t.resource)
    ? {
        ...v2Parties(ctx, t),
        preferred_username: t.user.userPrincipalName,
        ...(t.amr.includes("mfa") ? { amr: t.amr } : {}),
        ...(t.sid ? { sid: t.sid } : {}),
        ...common,
        ...extras,
        ver: "2.0",
      }
    : {
        aud: v1Audience(t.resource, t.audience),
        iss: issuerV1(tid),
        acr: "1",
        amr: t.amr,
        app_displayname: t.client.displayName,
        appid: t.client.appId,
        appidacr: t.clientAcr,
        family_name: t.user.surname,
        given_name: t.user.givenName,
        ipaddr: "127.0.0.1",
        unique_name: t.user.userPrincipalName,
        upn: t.user.userPrincipalName,
        ...common,
        ...extras,
        ver: "1.0",
      };
  return { token: await signAccess(ctx, t.resource, claims), expiresIn };
}

/**
 * v1 `aud` is the identifier as requested (GUID or URI, trailing slash kept), or the resource's GUID when its
 * `aud` optional claim says use_guid; Graph's URI without the slash.
 */
function v1Audience(resource: Application, audience: string): string {
  if (optionalClaim(resource, "accessToken", "aud")?.additionalProperties.includes("use_guid")) return resource.appId;
  if (resource.appId !== GRAPH_APP_ID || /^[0-9a-f-]{36}$/i.test(audience)) return audience;
  return "https://graph.microsoft.com";
}

export interface AppTokenInput {
  tenantId: string;
  client: Application;
  clientAcr: "1" | "2";
  resource: Application;
  audience: string;
  roles: string[];
}

export async function mintAppAccessToken(ctx: EmulatorContext, t: AppTokenInput, expiresIn = 3599): Promise<string> {
  const tid = t.tenantId;
  const common = {
    ...baseClaims(ctx, expiresIn),
    tid,
    oid: t.client.servicePrincipalId,
    sub: t.client.servicePrincipalId,
    ...(t.roles.length ? { roles: t.roles } : {}),
    ...optionalClaims(t.resource, "accessToken", { version: isV2(t.resource) ? "2.0" : "1.0" }),
  };
  const claims = isV2(t.resource)
    ? { ...v2Parties(ctx, t), ...common, ver: "2.0" }
    : {
        aud: v1Audience(t.resource, t.audience),
        iss: issuerV1(tid),
        app_displayname: t.client.displayName,
        appid: t.client.appId,
        appidacr: t.clientAcr,
        ...common,
        ver: "1.0",
      };
  return signAccess(ctx, t.resource, claims);
}

export interface IdTokenInput {
  tenantId: string;
  user: User;
  client: Application;
  scopes: string[]; // OIDC scopes asked for
  nonce?: string;
  sid?: string;
  amr: string[];
  authTime: number;
  code?: string;
  accessToken?: string;
}

/** c_hash / at_hash: left half of SHA-256 of the ASCII value, base64url. */
const halfHash = (value: string) =>
  createHash("sha256").update(value, "ascii").digest().subarray(0, 16).toString("base64url");

export async function mintIdToken(ctx: EmulatorContext, t: IdTokenInput): Promise<string> {
  const tid = t.tenantId;
  // oid, name and preferred_username need the profile scope (an ID token for `openid` alone has none).
  const profile = t.scopes.includes("profile");
  const claims: Record<string, unknown> = {
    aud: t.client.appId,
    iss: issuerV2(ctx, tid),
    ...baseClaims(ctx, 3600),
    sub: pairwiseSub(tid, t.user.oid, t.client.appId),
    tid,
    ...(profile ? { oid: t.user.oid, name: t.user.displayName, preferred_username: t.user.userPrincipalName } : {}),
    ...(t.scopes.includes("email") && t.user.mail ? { email: t.user.mail } : {}),
    ...(t.nonce ? { nonce: t.nonce } : {}),
    ...(t.sid ? { sid: t.sid } : {}),
    ...optionalClaims(t.client, "idToken", {
      user: t.user,
      version: "2.0",
      authTime: t.authTime,
      loginHint: loginHintClaim(t.user, tid),
    }),
    ...(t.amr.includes("mfa") ? { amr: t.amr } : {}),
    ...(t.code ? { c_hash: halfHash(t.code) } : {}),
    ...(t.accessToken ? { at_hash: halfHash(t.accessToken) } : {}),
    ver: "2.0",
  };
  return sign(ctx, claims, false);
}
