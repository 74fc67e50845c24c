// Test-only minting of Graph access tokens, done the way the identity side mints them (spec §5.2):
// header {typ, nonce, alg, x5t, kid}; the signature covers that header with the nonce replaced by
// base64url(SHA-256(nonce)). Written independently of graph/verify.ts so each checks the other.
import { createHash, randomBytes, randomUUID, type KeyObject } from "node:crypto";
import { CompactSign } from "jose";
import type { EmulatorContext } from "../context.ts";

export interface MintOptions {
  /** Sign over the header as sent (no nonce hashing), like an ordinary JWT. */
  plainSignature?: boolean;
  /** Leave `nonce` out of the header entirely (implies an ordinary signature). */
  noNonce?: boolean;
  /** Sign with another key under the active kid (a forged token). */
  privateKey?: KeyObject;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString("base64url");

export async function mintGraphTokenForTest(
  ctx: EmulatorContext,
  claims: Record<string, unknown>,
  opts: MintOptions = {},
): Promise<string> {
  const now = ctx.clock.now();
  const tid = ctx.config.tenant.id;
  const payload = {
    aud: "https://graph.microsoft.com",
    iss: `https://sts.windows.net/${tid}/`,
    iat: now,
    nbf: now,
    exp: now + 3600,
    tid,
    ver: "1.0",
    uti: b64url(randomBytes(16)),
    ...claims,
  };
  const key = ctx.keys.active();
  const nonce = b64url(randomBytes(32));
  const sent = opts.noNonce
    ? { typ: "JWT", alg: "RS256", x5t: key.kid, kid: key.kid }
    : { typ: "JWT", nonce, alg: "RS256", x5t: key.kid, kid: key.kid };
  const signed =
    opts.plainSignature || opts.noNonce
      ? sent
      : { ...sent, nonce: b64url(createHash("sha256").update(nonce, "utf8").digest()) };
  const jws = await new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader(signed)
    .sign(opts.privateKey ?? key.privateKey);
  const [, body, signature] = jws.split(".");
  return `${b64url(JSON.stringify(sent))}.${body}.${signature}`;
}

/** Claims of a delegated Graph token for `user` (oid/upn/name from the tenant file). */
export function delegatedClaims(
  ctx: EmulatorContext,
  upn: string,
  scp: string,
  appid = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
): Record<string, unknown> {
  const user = ctx.config.users.find((u) => u.userPrincipalName === upn);
  if (!user) throw new Error(`no test user ${upn}`);
  return {
    oid: user.oid,
    sub: b64url(createHash("sha256").update(`${user.oid}:${appid}`).digest()),
    upn,
    unique_name: upn,
    name: user.displayName,
    scp,
    appid,
    appidacr: "1",
  };
}

/** Claims of an app-only Graph token for the backend's service principal. */
export function appClaims(
  roles: string[],
  appid = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
  oid = "1a2b3c4d-0000-4000-8000-00000000a003",
): Record<string, unknown> {
  return { oid, sub: oid, roles, appid, appidacr: "2", idtyp: "app", uti: randomUUID() };
}
