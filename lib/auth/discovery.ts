import "server-only";
import { AppError } from "@/lib/errors";

// The tenant's OpenID configuration, fetched once per authority and shared by bearer validation
// (jwks_uri) and msal-node (authorityMetadata, so a per-request client makes no discovery call).
export interface OpenIdConfiguration {
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
  authorization_endpoint: string;
  end_session_endpoint?: string;
  [field: string]: unknown;
}

const TTL_MS = 24 * 60 * 60 * 1000;
const cache = new Map<string, { at: number; doc: Promise<OpenIdConfiguration> }>();

export function getOpenIdConfiguration(authority: string): Promise<OpenIdConfiguration> {
  const hit = cache.get(authority);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.doc;
  const doc = fetchConfiguration(authority);
  cache.set(authority, { at: Date.now(), doc });
  doc.catch(() => cache.delete(authority));
  return doc;
}

async function fetchConfiguration(authority: string): Promise<OpenIdConfiguration> {
  const url = `${authority}/v2.0/.well-known/openid-configuration`;
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (cause) {
    throw new AppError("ERR_IDP_UNAVAILABLE", {}, { cause });
  }
  if (!res.ok) throw new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: new Error(`GET ${url} answered ${res.status}`) });
  const doc = (await res.json()) as Partial<OpenIdConfiguration>;
  if (typeof doc.jwks_uri !== "string" || typeof doc.issuer !== "string" || typeof doc.token_endpoint !== "string") {
    throw new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: new Error(`${url} is not an OpenID configuration`) });
  }
  return doc as OpenIdConfiguration;
}
