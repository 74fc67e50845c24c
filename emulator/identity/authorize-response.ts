// The successful answer to /authorize, field by field in this order: the code, an implicit access token,
// the id_token (which hashes both), client_info and session_state.
import type { ServerResponse } from "node:http";
import type { Application, User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { consentedScopes } from "./consent.ts";
import { findApp } from "./directory.ts";
import { redirectWith, targetOf } from "./respond.ts";
import { parseScopes, qualify } from "./scopes.ts";
import { opaque, type IdentityState, type Pending, type Session } from "./state.ts";
import { clientInfo, mintIdToken, mintUserAccessToken } from "./tokens.ts";

/** What each response type is issued from: the pending request, the signed-in session and its user, the client. */
interface Issue {
  ctx: EmulatorContext;
  state: IdentityState;
  p: Pending;
  session: Session;
  user: User;
  client: Application;
}

export async function succeed(
  ctx: EmulatorContext,
  state: IdentityState,
  res: ServerResponse,
  p: Pending,
  session: Session,
  user: User,
  cookies: string[],
): Promise<void> {
  const client = findApp(ctx.config, p.params.clientId)!;
  if (!session.clients.includes(client.appId)) session.clients.push(client.appId);
  const issue: Issue = { ctx, state, p, session, user, client };
  const types = p.params.responseTypes;
  const code = types.has("code") ? issueCode(issue) : undefined;
  const token = types.has("token") ? await implicitAccessToken(issue) : undefined;
  const idToken = types.has("id_token") ? await implicitIdToken(issue, code, token?.access_token) : undefined;
  // redirectWith leaves out the fields that are undefined.
  const fields: Record<string, string | undefined> = {
    code,
    ...token,
    id_token: idToken,
    client_info: p.params.clientInfo ? clientInfo(user, p.tenantId) : undefined,
    session_state: session.id,
  };
  return redirectWith(res, targetOf(p), fields, cookies);
}

/** response_type=code: a code bound to this client, redirect URI, PKCE challenge, nonce and session. */
function issueCode({ ctx, state, p, session, user, client }: Issue): string {
  const { params } = p;
  const code = `1.${opaque(96)}`;
  state.codes.set(code, {
    code,
    clientId: client.appId,
    redirectUri: params.redirectUri,
    platform: params.platform,
    tenantId: p.tenantId,
    codeChallenge: params.codeChallenge,
    codeChallengeMethod: params.codeChallengeMethod,
    pkceExempt: false,
    nonce: params.nonce,
    scope: params.scope,
    sessionId: session.id,
    userOid: user.oid,
    amr: [...session.amr],
    authTime: session.authTime,
    sid: session.sid,
    claims: params.claims,
    issuedAt: ctx.clock.now(),
    redeemed: false,
  });
  return code;
}

/** response_type=token: an access token for the first resource requested, only for scopes already consented. */
async function implicitAccessToken({ ctx, state, p, session, user, client }: Issue) {
  const { params } = p;
  const parsed = parseScopes(ctx, params.scope);
  const resource = parsed.resources[0];
  const scopes = resource ? consentedScopes(ctx, state, user.oid, client.appId, resource) : undefined;
  if (!resource || !scopes) return undefined;
  const minted = await mintUserAccessToken(ctx, {
    tenantId: p.tenantId,
    user,
    client,
    clientAcr: "0",
    resource: resource.app,
    audience: resource.identifier,
    scopes,
    roles: state.userRoles(user.oid, user.groupIds, resource.app.appId),
    amr: session.amr,
    authTime: session.authTime,
    sid: session.sid,
    claims: params.claims,
  });
  return {
    access_token: minted.token,
    token_type: "Bearer",
    expires_in: String(minted.expiresIn),
    scope: qualify(resource, scopes).join(" "),
  };
}

function implicitIdToken(
  { ctx, p, session, user, client }: Issue,
  code: string | undefined,
  accessToken: string | undefined,
): Promise<string> {
  const { params } = p;
  const oidc = parseScopes(ctx, params.scope).oidc;
  return mintIdToken(ctx, {
    tenantId: p.tenantId,
    user,
    client,
    scopes: oidc,
    nonce: params.nonce,
    sid: session.sid,
    amr: session.amr,
    authTime: session.authTime,
    code,
    accessToken,
  });
}
