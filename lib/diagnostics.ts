import "server-only";
import { decodeJwt } from "jose";
import { getOpenIdConfiguration } from "@/lib/discovery";
import type { AppConfig } from "@/lib/config";
import { msalCredentialOptions } from "@/lib/msal-credential";
import { runDoctor, type Finding } from "@/lib/diagnose/doctor";
import { createConfidentialClient } from "@/lib/msal-client";
import { appFacts, diagnose, fromMsalError, isMsalLikeError, type Diagnosis } from "@/lib/diagnose";

// What /diagnostics shows: the configuration in effect (secrets masked), the discovery document, the
// session's token claims (decoded, never raw), a live OBO attempt with timing, and the doctor's checks.

/** A secret is shown as "set" or "not set": not even a prefix or its length. */
const shown = (secret: string | undefined) => (secret ? "set" : "not set");

export function maskedConfig(config: AppConfig): Record<string, unknown> {
  const { entra } = config;
  return {
    provider: config.provider,
    instance: entra.instance,
    tenantId: entra.tenantId,
    authority: entra.authority,
    issuer: entra.issuer,
    knownAuthorities: entra.knownAuthorities,
    allowedTenants: entra.allowedTenants,
    frontend: { clientId: entra.frontend.clientId, clientSecret: shown(entra.frontend.clientSecret) },
    backend: {
      clientId: entra.backend.clientId,
      appIdUri: entra.backend.appIdUri,
      scope: entra.backend.scope,
      roles: entra.backend.roles,
      credentials: entra.backend.credentials.map((c) =>
        c.type === "secret"
          ? { type: "secret", secret: shown(c.secret) }
          : c.type === "certificate"
            ? { type: "certificate", privateKey: shown(c.privateKeyPem) }
            : c.type === "federated"
              ? { type: "federated", tokenFile: c.tokenFile }
              : { type: "managed-identity", identity: `user-assigned ${c.clientId}` },
      ),
    },
    graph: config.downstream.graph,
    sessionStore: config.redis ? "redis" : "memory",
    authUrl: config.auth.url ?? "(from the trusted proxy's X-Forwarded-Host)",
    authSecret: shown(config.auth.secret),
    flags: config.flags,
  };
}

const SESSION_CLAIMS = [
  "aud",
  "iss",
  "tid",
  "azp",
  "azpacr",
  "scp",
  "roles",
  "amr",
  "acrs",
  "xms_cc",
  "idtyp",
  "ver",
  "iat",
  "nbf",
  "exp",
  "oid",
  "preferred_username",
  "name",
];

/** The session token's claims a person needs to reason about it; never the token or its signature. */
export function decodedClaims(token: string): Record<string, unknown> {
  const p = decodeJwt(token);
  const out: Record<string, unknown> = {};
  for (const k of SESSION_CLAIMS) if (p[k] !== undefined) out[k] = p[k];
  for (const k of ["iat", "nbf", "exp"])
    if (typeof p[k] === "number") out[`${k} (UTC)`] = new Date((p[k] as number) * 1000).toISOString();
  return out;
}

export interface OboProbe {
  ok: boolean;
  ms: number;
  scopes: string[];
  /** The Graph token's claims on success (aud, scp, exp), never the token. */
  claims?: Record<string, unknown>;
  diagnosis?: Diagnosis;
  message?: string;
}

/** One live OBO exchange for Graph with the first backend credential, bypassing every cache, as lib/obo makes it (CP1). */
export async function probeObo(config: AppConfig, assertion: string, scopes = ["User.Read"]): Promise<OboProbe> {
  const credential = config.entra.backend.credentials[0];
  const started = performance.now();
  try {
    const result = await createConfidentialClient(config, {
      clientId: config.entra.backend.clientId,
      credential: msalCredentialOptions(credential),
      clientCapabilities: ["CP1"],
    }).acquireTokenOnBehalfOf({ oboAssertion: assertion, scopes, skipCache: true });
    const ms = Math.round(performance.now() - started);
    const p = result?.accessToken ? decodeJwt(result.accessToken) : {};
    return {
      ok: true,
      ms,
      scopes,
      claims: {
        aud: p.aud,
        scp: p.scp,
        appid: p.appid ?? p.azp,
        xms_cc: p.xms_cc,
        exp: p.exp,
        "exp (UTC)": typeof p.exp === "number" ? new Date(p.exp * 1000).toISOString() : undefined,
      },
    };
  } catch (err) {
    const ms = Math.round(performance.now() - started);
    if (!isMsalLikeError(err))
      return { ok: false, ms, scopes, message: err instanceof Error ? err.message : String(err) };
    return {
      ok: false,
      ms,
      scopes,
      diagnosis: diagnose(fromMsalError(err, { flow: "obo", token: assertion, scopes }), appFacts(config)),
    };
  }
}

export interface DiscoveryReport {
  ok: boolean;
  url: string;
  document?: Record<string, unknown>;
  message?: string;
}

export async function discoveryReport(config: AppConfig): Promise<DiscoveryReport> {
  const url = `${config.entra.authority}/v2.0/.well-known/openid-configuration`;
  try {
    const doc = await getOpenIdConfiguration(config.entra.authority);
    const pick = [
      "issuer",
      "authorization_endpoint",
      "token_endpoint",
      "end_session_endpoint",
      "jwks_uri",
      "userinfo_endpoint",
    ];
    return {
      ok: true,
      url,
      document: Object.fromEntries(pick.filter((k) => doc[k] !== undefined).map((k) => [k, doc[k]])),
    };
  } catch (err) {
    return { ok: false, url, message: err instanceof Error ? err.message : String(err) };
  }
}

export async function configurationChecks(config: AppConfig): Promise<Finding[]> {
  return runDoctor(config);
}
