import "server-only";
import { getOpenIdConfiguration } from "@/lib/discovery";
import { getConfig } from "@/lib/config";
import { GRAPH_APP_SCOPES } from "@/lib/graph/client";
import { getAppAuthorizationHeader } from "@/lib/obo";
import { getStore, isRedisStore } from "@/lib/store";

// What readiness means for this app: it can validate the tokens it is sent, keep sessions, and exchange
// tokens On-Behalf-Of. Each check answers "ok" or throws; "not_configured" where the app runs without it.

export type CheckName = "config" | "signing_keys" | "redis" | "obo_credential";
export type CheckResult = "ok" | "failed" | "not_configured";

const FETCH_TIMEOUT_MS = 3_000;

/** The tenant's signing keys are reachable: discovery (cached for the process) and the JWKS, fetched now. */
async function signingKeys(): Promise<CheckResult> {
  const { jwks_uri } = await getOpenIdConfiguration(getConfig().entra.authority);
  const res = await fetch(jwks_uri, { signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) });
  if (!res.ok) throw new Error(`JWKS answered ${res.status}`);
  const { keys } = (await res.json()) as { keys?: Array<{ kty?: string }> };
  if (!keys?.some((k) => k.kty === "RSA")) throw new Error("JWKS holds no RSA signing key");
  return "ok";
}

async function redis(): Promise<CheckResult> {
  const store = getStore();
  if (!isRedisStore(store)) return "not_configured";
  await store.ping();
  return "ok";
}

/**
 * The backend's credential works: a client-credentials token, which msal-node keeps in its cache until
 * shortly before it expires, so this asks Entra about once an hour, not at every probe.
 */
async function oboCredential(): Promise<CheckResult> {
  await getAppAuthorizationHeader({ scopes: GRAPH_APP_SCOPES });
  return "ok";
}

export const CHECKS: ReadonlyArray<{ name: CheckName; run: () => Promise<CheckResult> }> = [
  { name: "config", run: async () => (getConfig(), "ok") },
  { name: "signing_keys", run: signingKeys },
  { name: "redis", run: redis },
  { name: "obo_credential", run: oboCredential },
];
