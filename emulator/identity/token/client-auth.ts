// Client authentication at /token (spec §4.1): client_secret (body), client_secret_basic, private_key_jwt,
// and federated assertions (workload identity: another issuer's token matched against the app's
// federatedIdentityCredentials). azpacr/appidacr: 0 public, 1 secret, 2 certificate or assertion.
import { timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { compactVerify, createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload } from "jose";
import { X509Certificate, createPublicKey, type KeyObject } from "node:crypto";
import type { Application } from "../../config.ts";
import type { EmulatorContext } from "../../context.ts";
import type { Request } from "../../http.ts";
import { ensureClientCertificate, thumbprints } from "../../pki.ts";
import { issuerV2, resolveTenant } from "../directory.ts";
import { TOKEN_EXCHANGE_APP_ID } from "../tokens.ts";
import { aadsts } from "../errors.ts";
import { workloadIssuer, workloadIssuerKey } from "../../workload-issuer.ts";
import { isUserAssignedIdentityToken } from "../managed-identity.ts";
import { lifetime } from "./jwt-lifetime.ts";

export const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
export type ClientAcr = "0" | "1" | "2";

export interface PresentedCredentials {
  basic?: { clientId: string; secret: string };
  secret?: string;
  assertion?: string;
  assertionType?: string;
}

/** HTTP Basic credentials are form-urlencoded before base64 (RFC 6749 §2.3.1), so decode them. */
function parseBasic(req: Request): PresentedCredentials["basic"] {
  const header = String(req.headers.authorization ?? "");
  const m = /^Basic\s+(.+)$/i.exec(header);
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], "base64").toString("utf8");
  const i = decoded.indexOf(":");
  if (i < 0) return undefined;
  const unform = (s: string) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return s;
    }
  };
  return { clientId: unform(decoded.slice(0, i)), secret: unform(decoded.slice(i + 1)) };
}

export function presentedCredentials(req: Request, form: URLSearchParams): PresentedCredentials {
  return {
    basic: parseBasic(req),
    secret: form.get("client_secret") ?? undefined,
    assertion: form.get("client_assertion") ?? undefined,
    assertionType: form.get("client_assertion_type") ?? undefined,
  };
}

export const hasCredentials = (c: PresentedCredentials) => !!(c.basic || c.secret || c.assertion);

/** client_id from the body, else from Basic auth, else from the assertion's `sub`. */
export function presentedClientId(form: URLSearchParams, c: PresentedCredentials): string | undefined {
  if (form.get("client_id")) return form.get("client_id")!;
  if (c.basic) return c.basic.clientId;
  if (c.assertion) {
    try {
      const payload = JSON.parse(Buffer.from(c.assertion.split(".")[1] ?? "", "base64url").toString("utf8")) as {
        sub?: string;
      };
      return payload.sub;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

interface AppCertificate {
  sha1: Buffer;
  sha256: Buffer;
  key: KeyObject;
}

function certificates(ctx: EmulatorContext, app: Application): AppCertificate[] {
  return app.keyCredentials.map((k) => {
    const pem =
      "generate" in k
        ? ensureClientCertificate(ctx.stateDir, k.generate).certPem
        : readFileSync(k.certificateFile, "utf8");
    const t = thumbprints(pem);
    return {
      sha1: Buffer.from(t.x5t, "base64url"),
      sha256: Buffer.from(t.x5tS256, "base64url"),
      key: createPublicKey(new X509Certificate(pem).publicKey.export({ type: "spki", format: "pem" })),
    };
  });
}

/**
 * A header thumbprint as bytes. Clients differ in how they write it (msal-node: base64url; Python MSAL:
 * base64url with padding; Microsoft's own examples: base64 with padding), and Entra accepts them all.
 */
function thumbprintBytes(value: unknown): Buffer | undefined {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/_-]+={0,2}$/.test(value)) return undefined;
  return Buffer.from(value.replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_"), "base64url");
}

/** Entra refuses a client assertion whose `aud` lists more than one value (AADSTS5002741). */
function checkSingleAudience(payload: JWTPayload | undefined): void {
  if (Array.isArray(payload?.aud) && payload.aud.length > 1) throw aadsts(5002741);
}

function equalSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function checkSecret(ctx: EmulatorContext, app: Application, secret: string): ClientAcr {
  const match = app.passwordCredentials.find((p) => equalSecret(p.secret, secret));
  if (!match) throw aadsts(7000215, { appId: app.appId });
  if (match.expiry && Date.parse(match.expiry) <= ctx.clock.nowMs()) throw aadsts(7000222, { appId: app.appId });
  return "1";
}

/** The assertion `aud` must be this tenant's token endpoint (v2 or v1 form, any host alias for the tenant). */
function audienceIsTokenEndpoint(ctx: EmulatorContext, aud: unknown): boolean {
  const values = Array.isArray(aud) ? aud : [aud];
  return values.some((v) => {
    if (typeof v !== "string") return false;
    try {
      const url = new URL(v);
      const [segment, ...rest] = url.pathname.split("/").filter(Boolean);
      const tenant = segment ? resolveTenant(ctx.config, segment) : undefined;
      return !!tenant && tenant.kind !== "consumers" && /^oauth2(\/v2\.0)?\/token$/.test(rest.join("/"));
    } catch {
      return false;
    }
  });
}

function checkTime(ctx: EmulatorContext, payload: JWTPayload): void {
  const { now, nbf, exp, outside } = lifetime(ctx, payload);
  if (outside) throw aadsts(700024, { now, nbf, exp });
}

/** A federated assertion: issuer, then subject, then audience against the app's records, then the issuer's signature. */
async function checkFederated(
  ctx: EmulatorContext,
  app: Application,
  jwt: string,
  claims: JWTPayload,
): Promise<ClientAcr> {
  if (claims.iss === issuerV2(ctx, ctx.config.tenant.id) && !isUserAssignedIdentityToken(ctx, claims))
    throw aadsts(700236, { iss: claims.iss });
  const issuerOf = (i: string) => i.replace("{emulator}", ctx.baseUrl);
  const byIssuer = app.federatedIdentityCredentials.filter((f) => issuerOf(f.issuer) === claims.iss);
  if (byIssuer.length === 0) throw aadsts(700211, { iss: String(claims.iss ?? "") });
  const bySubject = byIssuer.filter((f) => f.subject === claims.sub);
  if (bySubject.length === 0) throw aadsts(700213, { sub: String(claims.sub ?? "") });
  const audiences = (Array.isArray(claims.aud) ? claims.aud : [claims.aud]).map((a) =>
    a === TOKEN_EXCHANGE_APP_ID ? "api://AzureADTokenExchange" : a,
  );
  if (!bySubject.some((f) => f.audiences.some((a) => audiences.includes(a))))
    throw aadsts(700212, { aud: audiences.join(", ") });
  const issuer = claims.iss!;
  try {
    // Issuers in this process (the built-in workload issuer; the tenant itself, for managed identities) are
    // checked with their own keys; any other issuer's keys come from its discovery document.
    const kid = decodeProtectedHeader(jwt).kid;
    const local =
      issuer === workloadIssuer(ctx)
        ? workloadIssuerKey(ctx, kid)
        : issuer === issuerV2(ctx, ctx.config.tenant.id) && kid
          ? ctx.keys.byKid(kid)?.publicKey
          : undefined;
    if (local)
      await jwtVerify(jwt, local, {
        algorithms: ["RS256"],
        clockTolerance: 300,
        currentDate: new Date(ctx.clock.nowMs()),
      });
    else {
      const discovery = (await (
        await fetch(`${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`)
      ).json()) as { jwks_uri?: string };
      if (!discovery.jwks_uri) throw new Error("no jwks_uri");
      await jwtVerify(jwt, createRemoteJWKSet(new URL(discovery.jwks_uri)), {
        algorithms: ["RS256", "ES256"],
        clockTolerance: 300,
        currentDate: new Date(ctx.clock.nowMs()),
      });
    }
  } catch (err) {
    if (
      (err as { code?: string }).code === "ERR_JWT_EXPIRED" ||
      (err as { code?: string }).code === "ERR_JWT_CLAIM_VALIDATION_FAILED"
    )
      checkTime(ctx, claims);
    throw aadsts(700027, {
      reason: "The federated assertion's signature could not be verified with its issuer's keys.",
      thumbprint: "",
    });
  }
  checkTime(ctx, claims);
  return "2";
}

async function checkAssertion(ctx: EmulatorContext, app: Application, creds: PresentedCredentials): Promise<ClientAcr> {
  if (creds.assertionType !== ASSERTION_TYPE) throw aadsts(900144, { name: "client_assertion_type" });
  const jwt = creds.assertion!;
  let unverified: JWTPayload | undefined;
  try {
    unverified = decodeJwt(jwt);
  } catch {
    unverified = undefined;
  }
  checkSingleAudience(unverified);
  // Not signed by the app itself (iss = its client id): another issuer's token, for workload identity.
  if (unverified && unverified.iss !== app.appId && app.federatedIdentityCredentials.length > 0)
    return checkFederated(ctx, app, jwt, unverified);
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(jwt);
  } catch {
    throw aadsts(700027, { reason: "The client assertion is not a well-formed JWT.", thumbprint: "" });
  }
  const s256 = header["x5t#S256"] !== undefined;
  const thumb = String((s256 ? header["x5t#S256"] : header.x5t) ?? "");
  const bytes = thumbprintBytes(thumb);
  const cert = bytes && certificates(ctx, app).find((c) => (s256 ? c.sha256 : c.sha1).equals(bytes));
  if (!cert) throw aadsts(700027, { reason: "Key was not found.", thumbprint: thumb });
  let payload: Record<string, unknown>;
  try {
    const verified = await compactVerify(jwt, cert.key, { algorithms: ["RS256", "PS256"] });
    payload = JSON.parse(Buffer.from(verified.payload).toString("utf8")) as Record<string, unknown>;
  } catch {
    throw aadsts(700027, {
      reason: "The provided signature value did not match the expected signature value.",
      thumbprint: thumb,
    });
  }
  if (payload.iss !== payload.sub || payload.sub !== app.appId) throw aadsts(50048, { appId: app.appId });
  if (!audienceIsTokenEndpoint(ctx, payload.aud)) throw aadsts(50027, { aud: String(payload.aud ?? "") });
  checkTime(ctx, payload);
  return "2";
}

/**
 * `required`: a confidential redemption (web platform, client credentials, OBO) must authenticate.
 * `publicRedemption`: the code or token belongs to a public platform, where credentials are refused.
 */
export async function authenticateClient(
  ctx: EmulatorContext,
  app: Application,
  creds: PresentedCredentials,
  opts: { required: boolean; publicRedemption?: boolean },
): Promise<ClientAcr> {
  if (!hasCredentials(creds)) {
    if (opts.required) throw aadsts(7000218);
    return "0";
  }
  if (opts.publicRedemption || (app.isFallbackPublicClient && !opts.required)) throw aadsts(700025);
  if (creds.assertion) return checkAssertion(ctx, app, creds);
  return checkSecret(ctx, app, creds.secret ?? creds.basic!.secret);
}
