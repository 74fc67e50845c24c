// Claims requests (§7): client capabilities (xms_cc), auth-context step-up (acrs), revocation (nbf),
// and the emulator's one Conditional Access policy: users with mfaRequired need MFA for Microsoft Graph.
import { GRAPH_APP_ID, stableGuid, type Application, type User } from "../config.ts";
import type { ClaimsRequest } from "./state.ts";

export const MFA_POLICY_ID = stableGuid("policy:require-mfa-for-graph");
export const MFA_CLAIMS_CHALLENGE = JSON.stringify({
  access_token: { capolids: { essential: true, values: [MFA_POLICY_ID] } },
});

/** Invalid JSON is ignored rather than rejected: the claims request is advisory. */
export function parseClaims(raw: string | null | undefined): ClaimsRequest | undefined {
  if (!raw) return undefined;
  try {
    const value = JSON.parse(raw) as unknown;
    return value && typeof value === "object" ? (value as ClaimsRequest) : undefined;
  } catch {
    return undefined;
  }
}

const accessClaim = (claims: ClaimsRequest | undefined, name: string) =>
  claims?.access_token?.[name] ?? claims?.id_token?.[name] ?? undefined;

export function requestedAcrs(claims: ClaimsRequest | undefined): string[] {
  const acrs = accessClaim(claims, "acrs");
  if (!acrs) return [];
  return acrs.values ?? (acrs.value ? [acrs.value] : []);
}

export function asksForStepUp(claims: ClaimsRequest | undefined): boolean {
  return !!accessClaim(claims, "capolids") || requestedAcrs(claims).length > 0;
}

export function requestedNbf(claims: ClaimsRequest | undefined): number | undefined {
  const nbf = accessClaim(claims, "nbf");
  const v = Number(nbf?.value);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/** xms_cc is issued only when the resource opted in (optional claim) and the client declared cp1. */
export function clientCapabilities(resource: Application, claims: ClaimsRequest | undefined): string[] | undefined {
  if (!resource.optionalClaims.accessToken.some((c) => c.name === "xms_cc")) return undefined;
  const values = (claims?.access_token?.xms_cc?.values ?? [])
    .map((v) => String(v).toLowerCase())
    .filter((v) => v === "cp1");
  return values.length ? values : undefined;
}

export function needsMfa(
  user: User,
  resourceAppIds: string[],
  claims: ClaimsRequest | undefined,
  amr: string[],
): boolean {
  if (amr.includes("mfa")) return false;
  if (asksForStepUp(claims)) return true;
  return user.mfaRequired && resourceAppIds.includes(GRAPH_APP_ID);
}

/** Merges two claims requests (MSAL merges client capabilities with the caller's claims the same way). */
export function mergeClaims(a: ClaimsRequest | undefined, b: ClaimsRequest | undefined): ClaimsRequest | undefined {
  if (!a) return b;
  if (!b) return a;
  const out: ClaimsRequest = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = { ...(out[k] ?? {}), ...(v ?? {}) };
  return out;
}
