import "server-only";
import { createHash } from "node:crypto";

// One partition of the OBO cache (cache.ts): msal-node's own AccessToken entities for one assertion, msal's
// rules for which of them a lookup may return, and what the partition costs L1.

/** msal-node's serialized AccessToken entity (the fields this cache reads; the rest is carried as is). */
export interface MsalAccessToken {
  home_account_id: string;
  environment: string;
  credential_type: string;
  client_id: string;
  secret: string;
  realm: string;
  target: string;
  expires_on: string;
  token_type?: string;
  userAssertionHash?: string;
  requestedClaimsHash?: string;
  [field: string]: unknown;
}

export interface Partition {
  /** msal cache key → entity, exactly as msal serializes its AccessToken section. */
  tokens: Record<string, MsalAccessToken>;
}

export interface Hashes {
  /** The partition key: hex SHA-256 of the assertion. */
  key: string;
  /** msal-node's user_assertion_hash of the same assertion (base64url SHA-256). */
  msal: string;
}

export function partitionKey(assertion: string): string {
  return createHash("sha256").update(assertion, "utf8").digest("hex");
}

export function assertionHashes(
  assertion: string,
  digest: Buffer = createHash("sha256").update(assertion, "utf8").digest(),
): Hashes {
  return { key: digest.toString("hex"), msal: digest.toString("base64url") };
}

/** msal-node's default tokenRenewalOffsetSeconds: a token this close to expiry is not served. */
export const RENEWAL_OFFSET_SECONDS = 300;
// msal-node adds these to every request and leaves them out of cache searches.
const OIDC = new Set(["openid", "profile", "offline_access"]);

export const scopeList = (target: string) =>
  target
    .toLowerCase()
    .split(" ")
    .filter((s) => s && !OIDC.has(s));

export interface TokenQuery {
  clientId: string;
  /** The scopes as sent to msal-node. */
  scopes: string[];
  /** msal's user_assertion_hash of the caller's assertion. */
  assertionHash: string;
  nowSeconds?: number;
}

/**
 * The access token msal-node's OBO cache lookup would return, or undefined (msal would call Entra). Runs
 * on the slow path only (the hit index answers repeated requests), so it parses the entities as it goes.
 */
export function findToken(partition: Partition, q: TokenQuery): MsalAccessToken | undefined {
  const now = q.nowSeconds ?? Math.floor(Date.now() / 1000);
  for (const key in partition.tokens) {
    const at = partition.tokens[key];
    if (
      !servable(at) ||
      !(Number(at.expires_on) > now + RENEWAL_OFFSET_SECONDS) ||
      at.client_id !== q.clientId ||
      at.userAssertionHash !== q.assertionHash
    )
      continue;
    const scopes = scopeList(at.target);
    if (q.scopes.every((s) => OIDC.has(s.toLowerCase()) || scopes.includes(s.toLowerCase()))) return at;
  }
  return undefined;
}

/** Only plain bearer tokens without client claims: what msal's OBO lookup would return. */
const servable = (at: MsalAccessToken) =>
  at.credential_type === "AccessToken" &&
  (at.token_type ?? "Bearer").toLowerCase() === "bearer" &&
  !at.requestedClaimsHash;

// Every user's entities repeat the same environment, client id, tenant, scopes and token type: one copy
// of each (JSON.parse makes a new string per partition) saves a few hundred bytes per user in L1.
const SHARED_FIELDS = ["environment", "credential_type", "client_id", "realm", "target", "token_type"] as const;
const SHARED_MAX = 1_024;
const shared = new Map<string, string>();
function intern(value: unknown): unknown {
  if (typeof value !== "string") return value;
  const known = shared.get(value);
  if (known !== undefined) return known;
  if (shared.size < SHARED_MAX) shared.set(value, value);
  return value;
}
function compact(tokens: Record<string, MsalAccessToken>): Record<string, MsalAccessToken> {
  for (const key in tokens)
    for (const field of SHARED_FIELDS)
      if (field in tokens[key]) (tokens[key] as Record<string, unknown>)[field] = intern(tokens[key][field]);
  return tokens;
}

/** Until when the hit index may answer with `token`: msal's renewal offset, and never past the assertion. */
export function servableUntil(token: MsalAccessToken, notAfter: number): number {
  return Math.min(Number(token.expires_on) - RENEWAL_OFFSET_SECONDS, notAfter);
}

/** Seconds until the partition's last token stops being servable (0: nothing worth keeping). */
export function ttlOf(partition: Partition, nowSeconds: number): number {
  let latest = 0;
  for (const key in partition.tokens) latest = Math.max(latest, Number(partition.tokens[key].expires_on) || 0);
  return Math.max(0, latest - RENEWAL_OFFSET_SECONDS - nowSeconds);
}

// A hit-index record (64 B) in a table at most half full, plus its array slot, per memoized token.
const HIT_INDEX_BYTES = 2 * (64 + 8);

export function sizeOf(partition: Partition): number {
  let bytes = 64;
  for (const key in partition.tokens) {
    bytes += key.length + 160 + HIT_INDEX_BYTES; // the entity object and the record's slot
    const at = partition.tokens[key] as Record<string, unknown>;
    for (const field in at) {
      const v = at[field];
      // a shared string (SHARED_FIELDS) costs this partition only its reference
      bytes += typeof v === "string" && shared.get(v) !== v ? v.length + 16 : 8;
    }
  }
  return bytes;
}

/** msal's serialized-cache shape with only this partition's access tokens (refresh tokens are never kept). */
export function toMsalCache(partition: Partition): string {
  return JSON.stringify({ Account: {}, IdToken: {}, AccessToken: partition.tokens, RefreshToken: {}, AppMetadata: {} });
}

export function fromMsalCache(serialized: string): Partition {
  const parsed = JSON.parse(serialized) as { AccessToken?: Record<string, MsalAccessToken> };
  return { tokens: compact(parsed.AccessToken ?? {}) };
}
