// Test support for the protected API: an in-process emulator the app's config points at, user tokens
// minted by the emulator itself (its own consent + token code), and tokens forged with its keys for the
// negative corpus (the emulator's JWKS publishes those keys, so only the claims under test are wrong).
import { randomUUID } from "node:crypto";
import { SignJWT, decodeJwt } from "jose";
import type { EmulatorFile } from "../../emulator/config.ts";
import { IDS, startTestEmulator } from "../../emulator/test/harness.ts";
import type { RunningEmulator } from "../../emulator/server.ts";
import { applyConsent, planConsent } from "../../emulator/identity/consent.ts";
import { parseScopes } from "../../emulator/identity/scopes.ts";
import { identityState } from "../../emulator/identity/state.ts";
import { mintIdToken, mintUserAccessToken } from "../../emulator/identity/tokens.ts";

export { IDS };

const APP_ENV = /^(ENTRA_|GRAPH_BASE_URL$|REDIS_URL$|AUTH_SECRET$|EMULATOR_PORT$)/;

/** Starts an emulator and points lib/config at it (call before the first getConfig()). */
export async function startAppEmulator(edit?: (file: EmulatorFile) => void): Promise<RunningEmulator> {
  const emu = await startTestEmulator(edit);
  for (const k of Object.keys(process.env)) if (APP_ENV.test(k)) delete process.env[k];
  process.env.EMULATOR_PORT = new URL(emu.url).port;
  return emu;
}

function user(emu: RunningEmulator, upn: string) {
  const u = emu.ctx.config.users.find((x) => x.userPrincipalName === upn || x.userPrincipalName.startsWith(`${upn}@`));
  if (!u) throw new Error(`no test user ${upn}`);
  return u;
}
const app = (emu: RunningEmulator, appId: string) => emu.ctx.config.applications.find((a) => a.appId === appId)!;

/**
 * What accepting the consent page at the frontend's sign-in records, planned by the emulator's own consent
 * code (so combined consent through knownClientApplications applies exactly as in the browser flow).
 */
export function consent(emu: RunningEmulator, upn: string, scope = `openid profile offline_access api://${IDS.backend}/.default`): void {
  const u = user(emu, upn);
  const state = identityState(emu.ctx);
  const items = planConsent(emu.ctx, state, u, app(emu, IDS.frontend), parseScopes(emu.ctx, scope), false);
  applyConsent(state, u, items.filter((i) => u.isAdmin || !i.adminOnly), false);
}

/** A backend-audience access token for `upn` as the frontend would get it at sign-in. */
export async function userToken(emu: RunningEmulator, upn: string, opts: { consent?: boolean } = {}): Promise<string> {
  if (opts.consent !== false) consent(emu, upn);
  const u = user(emu, upn);
  const { token } = await mintUserAccessToken(emu.ctx, {
    tenantId: emu.ctx.config.tenant.id,
    user: u,
    client: app(emu, IDS.frontend),
    clientAcr: "1",
    resource: app(emu, IDS.backend),
    audience: `api://${IDS.backend}`,
    scopes: ["access_as_user"],
    roles: identityState(emu.ctx).userRoles(u.oid, u.groupIds, IDS.backend),
    amr: ["pwd"],
    authTime: emu.ctx.clock.now(),
  });
  return token;
}

/** The frontend's ID token for `upn` (aud = frontend): must not pass as an access token. */
export async function idToken(emu: RunningEmulator, upn: string): Promise<string> {
  const u = user(emu, upn);
  return mintIdToken(emu.ctx, { tenantId: emu.ctx.config.tenant.id, user: u, client: app(emu, IDS.frontend), scopes: ["openid", "profile"], amr: ["pwd"], authTime: emu.ctx.clock.now() });
}

/** A v2 access token signed with the emulator's active key, with `overrides` applied to valid claims. */
export async function forge(emu: RunningEmulator, overrides: Record<string, unknown> = {}, header: Record<string, unknown> = {}): Promise<string> {
  const key = emu.ctx.keys.active();
  const now = Math.floor(Date.now() / 1000);
  const tid = emu.ctx.config.tenant.id;
  const adele = user(emu, "adele");
  const claims: Record<string, unknown> = {
    aud: IDS.backend,
    iss: `${emu.url}/${tid}/v2.0`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    tid,
    oid: adele.oid,
    sub: "forged-sub",
    name: adele.displayName,
    preferred_username: adele.userPrincipalName,
    azp: IDS.frontend,
    azpacr: "1",
    scp: "access_as_user",
    ver: "2.0",
    uti: randomUUID(),
    ...overrides,
  };
  for (const [k, v] of Object.entries(claims)) if (v === undefined) delete claims[k];
  return new SignJWT(claims).setProtectedHeader({ typ: "JWT", alg: "RS256", kid: key.kid, ...header }).sign(key.privateKey);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function apiRequest(path: string, token?: string, init: RequestInit = {}): Request {
  return new Request(`http://localhost:3000${path}`, { ...init, headers: { ...(token ? bearer(token) : {}), ...(init.headers as Record<string, string> | undefined) } });
}

export async function tokenEvents(emu: RunningEmulator): Promise<number> {
  const res = await fetch(`${emu.url}/_admin/events?type=token`);
  if (res.ok) {
    const body = (await res.json()) as unknown;
    const list = Array.isArray(body) ? body : ((body as { events?: unknown[] }).events ?? []);
    return list.length;
  }
  return emu.ctx.events.list({ type: "token" }).length; // admin API not served yet: read the same log in-process
}

export const oidOf = (authorizationHeader: string) => decodeJwt(authorizationHeader.replace(/^Bearer /, "")).oid as string;
