// The one configuration of the app, validated at start. Shaped like Microsoft.Identity.Web's sections:
// `entra` (instance, tenant, frontend, backend + its ordered credentials) and `downstream.graph`.
// With no ENTRA_* variables set, everything points at the local emulator (`npm run dev` starts it).
// The one import path for it: the pieces in lib/config/ are read through this file.
import { resolve as resolvePath } from "node:path";
import { appUrlOf } from "./config/app-url";
import { knownAuthoritiesFor } from "./config/authority";
import { backendCredentials } from "./config/credentials";
import { stripEmpty, withEmulatorDefaults } from "./config/defaults";
import { GUID, parseEnv, type ParsedEnv } from "./config/env-schema";
import { ConfigError } from "./config/error";
import type { AppConfig, BackendCredential, Env } from "./config/types";
import { parseRedisConfig } from "./redis-config";

export { knownAuthoritiesFor } from "./config/authority";
export { EMULATOR_DEFAULTS, OBO_CACHE_DEFAULTS } from "./config/defaults";
export { ConfigError } from "./config/error";
export type { AppConfig, BackendCredential } from "./config/types";

export function parseConfig(rawEnv: Env): AppConfig {
  const env = withEmulatorDefaults(stripEmpty(rawEnv));
  const provider = rawEnv.ENTRA_TENANT_ID || rawEnv.ENTRA_INSTANCE ? "entra" : "emulator";
  const e = parseEnv(env);
  const problems: string[] = [];

  const credentials = backendCredentials(e, provider, problems);
  const allowedTenants = allowedTenantsOf(e, problems);
  const redis = parseRedisConfig(env, problems);
  const appUrl = appUrlOf(e, provider, rawEnv, problems);
  if (problems.length) throw new ConfigError(problems);

  return {
    provider,
    entra: entraOf(e, allowedTenants, credentials),
    downstream: { graph: { baseUrl: e.GRAPH_BASE_URL } },
    redisUrl: redis?.mode === "standalone" ? redis.url : undefined,
    redis,
    oboCache: { maxUsers: e.OBO_CACHE_MAX_USERS, maxBytes: Math.floor(e.OBO_CACHE_MAX_MB * 1024 * 1024) },
    auth: {
      secret: e.AUTH_SECRET,
      url: appUrl,
      urlFrom: e.AUTH_URL ? "AUTH_URL" : appUrl ? "port" : "proxy",
      trustProxyHeaders: e.TRUST_PROXY_HEADERS === "on",
    },
    flags: {
      spaPages: e.SPA_PAGES === "*" ? "*" : e.SPA_PAGES.split(",").filter(Boolean),
      overrideCookie: (e.FLAG_OVERRIDE_COOKIE ?? (rawEnv.NODE_ENV === "production" ? "off" : "on")) === "on",
      // Resolved against the working directory once, so the watch does not depend on a later chdir.
      file: e.FEATURE_FLAGS_FILE ? resolvePath(e.FEATURE_FLAGS_FILE) : undefined,
    },
    server: { shutdownGraceSeconds: e.SHUTDOWN_GRACE_SECONDS, readinessCacheSeconds: e.READINESS_CACHE_SECONDS },
  };
}

function allowedTenantsOf(e: ParsedEnv, problems: string[]): string[] {
  const allowedTenants = (e.ENTRA_ALLOWED_TENANTS ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of allowedTenants)
    if (!GUID.test(t)) problems.push(`ENTRA_ALLOWED_TENANTS must be comma-separated tenant GUIDs; '${t}' is not one`);
  return allowedTenants;
}

function entraOf(e: ParsedEnv, allowedTenants: string[], credentials: BackendCredential[]): AppConfig["entra"] {
  const authority = `${e.ENTRA_INSTANCE}/${e.ENTRA_TENANT_ID}`;
  return {
    instance: e.ENTRA_INSTANCE,
    tenantId: e.ENTRA_TENANT_ID,
    authority,
    issuer: `${authority}/v2.0`,
    knownAuthorities: knownAuthoritiesFor(e.ENTRA_INSTANCE),
    allowedTenants,
    frontend: { clientId: e.ENTRA_FRONTEND_CLIENT_ID, clientSecret: e.ENTRA_FRONTEND_CLIENT_SECRET },
    backend: {
      clientId: e.ENTRA_BACKEND_CLIENT_ID,
      appIdUri: e.ENTRA_BACKEND_APP_ID_URI ?? `api://${e.ENTRA_BACKEND_CLIENT_ID}`,
      scope: e.ENTRA_BACKEND_SCOPE,
      credentials,
      roles: { service: e.ENTRA_BACKEND_SERVICE_ROLE, directoryAdmin: e.ENTRA_BACKEND_ADMIN_ROLE },
    },
  };
}

let cached: AppConfig | undefined;

/** The configuration of this process; throws ConfigError naming each bad variable. */
export function getConfig(): AppConfig {
  return (cached ??= parseConfig(process.env));
}
