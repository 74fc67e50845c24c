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
const cache = new Map<string, { at: number; doc: Promise<Record<string, unknown>> }>();

export function getOpenIdConfiguration(authority: string): Promise<OpenIdConfiguration> {
  return cached(`${authority}/v2.0/.well-known/openid-configuration`, [
    "issuer",
    "jwks_uri",
    "token_endpoint",
  ]) as Promise<OpenIdConfiguration>;
}

/**
 * The issuer of the tenant's v1 tokens (`https://sts.windows.net/{tid}/` in the public cloud), from the v1
 * metadata document: an API whose registration issues v1 access tokens sees it in their `iss`.
 */
export async function getV1Issuer(authority: string): Promise<string> {
  return (await cached(`${authority}/.well-known/openid-configuration`, ["issuer"])).issuer as string;
}

function cached(url: string, required: string[]): Promise<Record<string, unknown>> {
  const hit = cache.get(url);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.doc;
  const doc = fetchDocument(url, required);
  cache.set(url, { at: Date.now(), doc });
  doc.catch(() => cache.delete(url));
  return doc;
}

async function fetchDocument(url: string, required: string[]): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  } catch (cause) {
    throw new AppError("ERR_IDP_UNAVAILABLE", {}, { cause });
  }
  if (!res.ok) throw new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: new Error(`GET ${url} answered ${res.status}`) });
  const doc = (await res.json()) as Record<string, unknown>;
  if (required.some((field) => typeof doc[field] !== "string")) {
    throw new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: new Error(`${url} is not an OpenID configuration`) });
  }
  return doc;
}
