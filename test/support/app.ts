// Test support for the protected API: the in-process emulator and user tokens of harness/app.ts, and
// tokens forged with the emulator's keys for the negative corpus (the emulator's JWKS publishes those
// keys, so only the claims under test are wrong).
import { randomUUID } from "node:crypto";
import { SignJWT, decodeJwt } from "jose";
import type { RunningEmulator } from "../../emulator/server.ts";
import { mintIdToken } from "../../emulator/identity/tokens.ts";
import { app, IDS, user } from "../../harness/app.ts";

export { apiRequest, bearer, consent, IDS, startAppEmulator, userToken } from "../../harness/app.ts";

/** The frontend's ID token for `upn` (aud = frontend): must not pass as an access token. */
export async function idToken(emu: RunningEmulator, upn: string): Promise<string> {
  const u = user(emu, upn);
  return mintIdToken(emu.ctx, {
    tenantId: emu.ctx.config.tenant.id,
    user: u,
    client: app(emu, IDS.frontend),
    scopes: ["openid", "profile"],
    amr: ["pwd"],
    authTime: emu.ctx.clock.now(),
  });
}

/** A v2 access token signed with the emulator's active key, with `overrides` applied to valid claims. */
export async function forge(
  emu: RunningEmulator,
  overrides: Record<string, unknown> = {},
  header: Record<string, unknown> = {},
): Promise<string> {
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
  return new SignJWT(claims)
    .setProtectedHeader({ typ: "JWT", alg: "RS256", kid: key.kid, ...header })
    .sign(key.privateKey);
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

export const oidOf = (authorizationHeader: string) =>
  decodeJwt(authorizationHeader.replace(/^Bearer /, "")).oid as string;
