// The app's lib against an in-process emulator, shared by the tests and the benchmarks: an emulator the
// app's config points at, and user tokens minted by the emulator itself (its own consent + token code).
import type { EmulatorFile } from "../emulator/config.ts";
import { IDS, SECRETS, startTestEmulator } from "../emulator/test/harness.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import { applyConsent, planConsent } from "../emulator/identity/consent.ts";
import { parseScopes } from "../emulator/identity/scopes.ts";
import { identityState } from "../emulator/identity/state.ts";
import { mintUserAccessToken } from "../emulator/identity/tokens.ts";

export { IDS, SECRETS };

const APP_ENV = /^(ENTRA_|GRAPH_BASE_URL$|REDIS_URL$|AUTH_SECRET$|EMULATOR_PORT$)/;

/** Starts an emulator and points lib/config at it (call before the first getConfig()). */
export async function startAppEmulator(edit?: (file: EmulatorFile) => void): Promise<RunningEmulator> {
  const emu = await startTestEmulator(edit);
  for (const k of Object.keys(process.env)) if (APP_ENV.test(k)) delete process.env[k];
  process.env.EMULATOR_PORT = new URL(emu.url).port;
  return emu;
}

export function user(emu: RunningEmulator, upn: string) {
  const u = emu.ctx.config.users.find((x) => x.userPrincipalName === upn || x.userPrincipalName.startsWith(`${upn}@`));
  if (!u) throw new Error(`no test user ${upn}`);
  return u;
}
export const app = (emu: RunningEmulator, appId: string) => emu.ctx.config.applications.find((a) => a.appId === appId)!;

/**
 * What accepting the consent page at the frontend's sign-in records, planned by the emulator's own consent
 * code (so combined consent through knownClientApplications applies exactly as in the browser flow).
 */
export function consent(
  emu: RunningEmulator,
  upn: string,
  scope = `openid profile offline_access api://${IDS.backend}/.default`,
): void {
  const u = user(emu, upn);
  const state = identityState(emu.ctx);
  const items = planConsent(emu.ctx, state, u, app(emu, IDS.frontend), parseScopes(emu.ctx, scope), false);
  applyConsent(
    state,
    u,
    items.filter((i) => u.isAdmin || !i.adminOnly),
    false,
  );
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

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

export function apiRequest(path: string, token?: string, init: RequestInit = {}): Request {
  return new Request(`http://localhost:3000${path}`, {
    ...init,
    headers: { ...(token ? bearer(token) : {}), ...(init.headers as Record<string, string> | undefined) },
  });
}
