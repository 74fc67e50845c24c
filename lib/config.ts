// The one configuration of the app, validated at start. Shaped like Microsoft.Identity.Web's sections:
// `entra` (instance, tenant, frontend, backend + its ordered credentials) and `downstream.graph`.
// With no ENTRA_* variables set, everything points at the local emulator (`npm run dev` starts it).
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { z } from "zod";
import { splitPemBundle } from "./certificate";
import { parseRedisConfig, type RedisConfig } from "./redis-config";

export const EMULATOR_DEFAULTS = {
  port: 8443,
  tenantId: "0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23",
  frontendClientId: "3f6d2a4b-8c1e-4f7a-a5d9-0b2c4e6f8a11",
  frontendClientSecret: "frontend-dev-secret-change-me",
  backendClientId: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
  backendClientSecret: "backend-dev-secret-change-me",
  // The emulator's IDENTITY_HEADER (its tenant file's managedIdentityHeader).
  managedIdentityHeader: "emulator-managed-identity-header",
  // Only for the emulator: a fixed signing secret so dev sessions survive restarts. Never used for a tenant.
  authSecret: "emulator-only-auth-secret-not-for-real-tenants-0123456789",
} as const;

/** Hosts whose instance metadata MSAL knows already; any other authority host must go in knownAuthorities. */
const MICROSOFT_HOSTS = [
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "login.microsoftonline.us",
  "login.partner.microsoftonline.cn",
];

/** MSAL's knownAuthorities for an authority host: empty for Microsoft's own hosts, else ["host:port"]. */
export function knownAuthoritiesFor(instance: string): string[] {
  const url = new URL(instance);
  return MICROSOFT_HOSTS.includes(url.hostname) ? [] : [url.host];
}

export type BackendCredential =
  | { type: "secret"; secret: string }
  | { type: "certificate"; privateKeyPem: string; certificatePem: string }
  // Workload identity federation: a token of another issuer (e.g. the pod's projected service-account
  // token), read from the file at each token request because the platform rotates it.
  | { type: "federated"; tokenFile: string }
  // Managed identity as the federated credential: a user-assigned identity of the host (App Service,
  // Container Apps) gets a token for api://AzureADTokenExchange from the host's identity endpoint. Entra
  // does not take a system-assigned identity as an app's federated credential.
  | { type: "managed-identity"; clientId: string; emulatorEndpoint?: { endpoint: string; header: string } };

export interface AppConfig {
  provider: "emulator" | "entra";
  entra: {
    instance: string; // "https://login.microsoftonline.com" or "https://localhost:8443"
    tenantId: string;
    authority: string; // `${instance}/${tenantId}`
    issuer: string; // `${authority}/v2.0`
    knownAuthorities: string[]; // ["host:port"] for non-Microsoft hosts, else []
    allowedTenants: string[]; // extra tenants whose tokens the API accepts (multi-tenant); empty = home only
    frontend: { clientId: string; clientSecret: string };
    backend: {
      clientId: string;
      appIdUri: string;
      scope: string;
      credentials: BackendCredential[];
      /** App roles of the backend: `service` admits daemons to /api/service/*, `directoryAdmin` users to /admin. */
      roles: { service: string; directoryAdmin: string };
    };
  };
  /** Graph, the downstream API; each call names its own scopes (lib/graph, from the page registry). */
  downstream: { graph: { baseUrl: string } };
  redisUrl: string | undefined;
  /** One server (REDIS_URL), a cluster or Sentinels (lib/redis-config.ts); undefined: in-memory. */
  redis: RedisConfig | undefined;
  /** The OBO token cache's in-process L1 (lib/obo/cache.ts): an LRU bounded by users (partitions) and bytes. */
  oboCache: { maxUsers: number; maxBytes: number };
  /**
   * `url`: the app's public origin, from which every redirect and redirect URI is built (AUTH_URL, or the
   * loopback URL of its port outside production with a real tenant); undefined only when
   * `trustProxyHeaders` (TRUST_PROXY_HEADERS=on, no AUTH_URL) takes it from the proxy's X-Forwarded-* headers.
   */
  auth: { secret: string; url: string | undefined; urlFrom: "AUTH_URL" | "port" | "proxy"; trustProxyHeaders: boolean };
  /** Page modes: the flags file (watched), and the simple overrides SPA_PAGES and the override cookie. */
  flags: { spaPages: "*" | string[]; overrideCookie: boolean; file: string | undefined };
  /** Shutdown's grace period for in-flight requests, and how long /readyz reuses its checks' result. */
  server: { shutdownGraceSeconds: number; readinessCacheSeconds: number };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example and the configuration table in README.md.`,
    );
    this.name = "ConfigError";
  }
}

/** The OBO cache's L1 bounds when OBO_CACHE_MAX_USERS / OBO_CACHE_MAX_MB are not set. */
export const OBO_CACHE_DEFAULTS = { maxUsers: 100_000, maxMegabytes: 256 } as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const guid = (name: string, example = "a GUID such as 11111111-2222-3333-4444-555555555555") =>
  z
    .string({ error: `${name} is required: ${example}` })
    .trim()
    .regex(GUID, `${name} must be ${example}`);
const httpsUrl = (name: string, example: string) =>
  z
    .string()
    .trim()
    .url(`${name} must be a URL such as ${example}`)
    .refine((v) => v.startsWith("https://"), `${name} must use https:// (MSAL refuses other schemes), e.g. ${example}`);

const envSchema = z.object({
  ENTRA_INSTANCE: httpsUrl("ENTRA_INSTANCE", "https://login.microsoftonline.com").transform((v) =>
    v.replace(/\/+$/, ""),
  ),
  ENTRA_TENANT_ID: guid("ENTRA_TENANT_ID", "the directory (tenant) ID GUID from the Entra admin center"),
  ENTRA_ALLOWED_TENANTS: z.string().optional(),
  ENTRA_FRONTEND_CLIENT_ID: guid(
    "ENTRA_FRONTEND_CLIENT_ID",
    "the frontend registration's Application (client) ID GUID",
  ),
  ENTRA_FRONTEND_CLIENT_SECRET: z
    .string({ error: "ENTRA_FRONTEND_CLIENT_SECRET is required: a client secret value of the frontend registration" })
    .min(1, "ENTRA_FRONTEND_CLIENT_SECRET must not be empty"),
  ENTRA_BACKEND_CLIENT_ID: guid("ENTRA_BACKEND_CLIENT_ID", "the backend registration's Application (client) ID GUID"),
  ENTRA_BACKEND_CLIENT_SECRET: z.string().min(1).optional(),
  ENTRA_BACKEND_CERTIFICATE_PATH: z.string().min(1).optional(),
  ENTRA_BACKEND_CERTIFICATE_BASE64: z.string().min(1).optional(),
  ENTRA_BACKEND_PRIVATE_KEY_PATH: z.string().min(1).optional(),
  ENTRA_BACKEND_FEDERATED_TOKEN_FILE: z.string().min(1).optional(),
  ENTRA_BACKEND_MANAGED_IDENTITY: z
    .string()
    .trim()
    .refine(
      (v) => v.toLowerCase() !== "system",
      "ENTRA_BACKEND_MANAGED_IDENTITY cannot be 'system': Entra accepts only a user-assigned managed identity as an app's federated credential. Create one, assign it to the host, and set its client id here",
    )
    .refine(
      (v) => v.toLowerCase() === "system" || GUID.test(v),
      "ENTRA_BACKEND_MANAGED_IDENTITY must be the client id GUID of a user-assigned managed identity",
    )
    .optional(),
  ENTRA_BACKEND_APP_ID_URI: z
    .string()
    .trim()
    .regex(
      /^(api:\/\/|https:\/\/)\S+[^/]$/,
      "ENTRA_BACKEND_APP_ID_URI must be the backend's Application ID URI, e.g. api://<backend client id> (no trailing slash)",
    )
    .optional(),
  ENTRA_BACKEND_SCOPE: z
    .string()
    .trim()
    .regex(/^[\w.-]+$/, "ENTRA_BACKEND_SCOPE must be a scope name such as access_as_user")
    .default("access_as_user"),
  ENTRA_BACKEND_SERVICE_ROLE: z
    .string()
    .trim()
    .regex(/^[\w.-]+$/, "ENTRA_BACKEND_SERVICE_ROLE must be an app role value such as service-api")
    .default("service-api"),
  ENTRA_BACKEND_ADMIN_ROLE: z
    .string()
    .trim()
    .regex(/^[\w.-]+$/, "ENTRA_BACKEND_ADMIN_ROLE must be an app role value such as Directory.Admin")
    .default("Directory.Admin"),
  GRAPH_BASE_URL: httpsUrl("GRAPH_BASE_URL", "https://graph.microsoft.com/v1.0").transform((v) =>
    v.replace(/\/+$/, ""),
  ),
  AUTH_SECRET: z
    .string({ error: "AUTH_SECRET is required for a real tenant: 32+ random characters (openssl rand -base64 33)" })
    .min(32, "AUTH_SECRET must be at least 32 characters (openssl rand -base64 33)"),
  AUTH_URL: z
    .string()
    .trim()
    .url("AUTH_URL must be this app's public URL, e.g. https://app.example.com")
    .refine(
      (v) => !URL.canParse(v) || (/^https?:$/.test(new URL(v).protocol) && new URL(v).pathname === "/"),
      "AUTH_URL must be the app's origin over http(s), with no path, e.g. https://app.example.com",
    )
    .optional(),
  TRUST_PROXY_HEADERS: z.enum(["on", "off"], { error: "TRUST_PROXY_HEADERS must be 'on' or 'off'" }).default("off"),
  SPA_PAGES: z
    .string()
    .trim()
    .regex(
      /^(\*|[a-z0-9-]+(,[a-z0-9-]+)*)?$/,
      "SPA_PAGES must be '*' or a comma-separated list of page names such as profile,directory",
    )
    .default(""),
  FLAG_OVERRIDE_COOKIE: z.enum(["on", "off"], { error: "FLAG_OVERRIDE_COOKIE must be 'on' or 'off'" }).optional(),
  SHUTDOWN_GRACE_SECONDS: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, "SHUTDOWN_GRACE_SECONDS must be a whole number of seconds such as 20")
    .default("20")
    .transform(Number),
  READINESS_CACHE_SECONDS: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, "READINESS_CACHE_SECONDS must be a whole number of seconds such as 5")
    .default("5")
    .transform(Number),
  FEATURE_FLAGS_FILE: z.string().trim().min(1).optional(),
  OBO_CACHE_MAX_USERS: z
    .string()
    .trim()
    .regex(
      /^[1-9]\d{0,8}$/,
      "OBO_CACHE_MAX_USERS must be a whole number of users from 1 to 999999999, e.g. 100000 (about 3 KB of memory each)",
    )
    .default(String(OBO_CACHE_DEFAULTS.maxUsers))
    .transform(Number),
  OBO_CACHE_MAX_MB: z
    .string()
    .trim()
    .regex(/^\d{1,6}(\.\d+)?$/, "OBO_CACHE_MAX_MB must be a number of megabytes such as 256 or 0.5")
    .default(String(OBO_CACHE_DEFAULTS.maxMegabytes))
    .transform(Number)
    .refine(
      (mb) => mb * 1024 * 1024 >= 4096,
      "OBO_CACHE_MAX_MB must be at least 0.004 (4 KB, about one user's tokens), e.g. 256",
    ),
});

type Env = Record<string, string | undefined>;

/** Fills the emulator's values in for whatever a developer did not set, when no tenant is configured. */
function withEmulatorDefaults(env: Env): Env {
  if (env.ENTRA_TENANT_ID || env.ENTRA_INSTANCE) return env;
  const instance = `https://localhost:${env.EMULATOR_PORT ?? EMULATOR_DEFAULTS.port}`;
  return {
    ENTRA_INSTANCE: instance,
    ENTRA_TENANT_ID: EMULATOR_DEFAULTS.tenantId,
    ENTRA_FRONTEND_CLIENT_ID: EMULATOR_DEFAULTS.frontendClientId,
    ENTRA_FRONTEND_CLIENT_SECRET: EMULATOR_DEFAULTS.frontendClientSecret,
    ENTRA_BACKEND_CLIENT_ID: EMULATOR_DEFAULTS.backendClientId,
    ...(env.ENTRA_BACKEND_CERTIFICATE_PATH ||
    env.ENTRA_BACKEND_CERTIFICATE_BASE64 ||
    env.ENTRA_BACKEND_FEDERATED_TOKEN_FILE ||
    env.ENTRA_BACKEND_MANAGED_IDENTITY
      ? {}
      : { ENTRA_BACKEND_CLIENT_SECRET: EMULATOR_DEFAULTS.backendClientSecret }),
    GRAPH_BASE_URL: `${instance}/graph/v1.0`,
    AUTH_SECRET: EMULATOR_DEFAULTS.authSecret,
    ...stripEmpty(env),
  };
}

function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}

/** The backend's credentials, tried in this order, a refused one falling through to the next: secretless first. */
function backendCredentials(
  e: z.infer<typeof envSchema>,
  provider: AppConfig["provider"],
  problems: string[],
): BackendCredential[] {
  const credentials: BackendCredential[] = [];
  if (e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE) {
    if (isReadableFile(e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE))
      credentials.push({ type: "federated", tokenFile: e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE });
    else
      problems.push(
        `ENTRA_BACKEND_FEDERATED_TOKEN_FILE points at '${e.ENTRA_BACKEND_FEDERATED_TOKEN_FILE}', which cannot be read: give the path of the workload's token file (e.g. $AZURE_FEDERATED_TOKEN_FILE)`,
      );
  }
  if (e.ENTRA_BACKEND_MANAGED_IDENTITY) {
    credentials.push({
      type: "managed-identity",
      clientId: e.ENTRA_BACKEND_MANAGED_IDENTITY.toLowerCase(),
      // Against the emulator, its identity endpoint stands in for the host's (App Service sets these itself).
      ...(provider === "emulator"
        ? {
            emulatorEndpoint: {
              endpoint: `${e.ENTRA_INSTANCE}/msi/token`,
              header: EMULATOR_DEFAULTS.managedIdentityHeader,
            },
          }
        : {}),
    });
  }
  const certificate = readCertificate(e, problems);
  if (certificate) credentials.push(certificate);
  if (e.ENTRA_BACKEND_CLIENT_SECRET) credentials.push({ type: "secret", secret: e.ENTRA_BACKEND_CLIENT_SECRET });
  if (credentials.length === 0 && problems.length === 0) {
    problems.push(
      "The backend needs a credential: set ENTRA_BACKEND_CLIENT_SECRET, or ENTRA_BACKEND_CERTIFICATE_PATH (PEM with private key and certificate) or ENTRA_BACKEND_CERTIFICATE_BASE64, or ENTRA_BACKEND_FEDERATED_TOKEN_FILE / ENTRA_BACKEND_MANAGED_IDENTITY (no secret)",
    );
  }
  return credentials;
}

export function parseConfig(rawEnv: Env): AppConfig {
  const env = withEmulatorDefaults(stripEmpty(rawEnv));
  const provider = rawEnv.ENTRA_TENANT_ID || rawEnv.ENTRA_INSTANCE ? "entra" : "emulator";
  const parsed = envSchema.safeParse({
    ...env,
    ENTRA_INSTANCE: env.ENTRA_INSTANCE ?? "https://login.microsoftonline.com",
    GRAPH_BASE_URL: env.GRAPH_BASE_URL ?? "https://graph.microsoft.com/v1.0",
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  const e = parsed.data;
  const problems: string[] = [];

  const credentials = backendCredentials(e, provider, problems);
  const allowedTenants = (e.ENTRA_ALLOWED_TENANTS ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter(Boolean);
  for (const t of allowedTenants)
    if (!GUID.test(t)) problems.push(`ENTRA_ALLOWED_TENANTS must be comma-separated tenant GUIDs; '${t}' is not one`);
  const redis = parseRedisConfig(env, problems);
  const appUrl = appUrlOf(e, provider, rawEnv, problems);
  if (problems.length) throw new ConfigError(problems);

  const authority = `${e.ENTRA_INSTANCE}/${e.ENTRA_TENANT_ID}`;
  return {
    provider,
    entra: {
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
    },
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

/**
 * The app's public origin. Never a request header: AUTH_URL; else (unless TRUST_PROXY_HEADERS=on hands it to
 * a trusted proxy) the loopback URL of the port the app listens on (`next dev`/`next start` set PORT), which a
 * real tenant in production may not fall back to.
 */
function appUrlOf(
  e: z.infer<typeof envSchema>,
  provider: AppConfig["provider"],
  rawEnv: Env,
  problems: string[],
): string | undefined {
  if (e.AUTH_URL) return new URL(e.AUTH_URL).origin;
  if (e.TRUST_PROXY_HEADERS === "on") return undefined;
  if (provider === "entra" && rawEnv.NODE_ENV === "production") {
    problems.push(
      "AUTH_URL is required with a real tenant in production: set it to the app's public URL, the origin its redirect URIs are registered for (e.g. AUTH_URL=https://app.example.com).",
    );
    return undefined;
  }
  return `http://localhost:${/^\d{1,5}$/.test(rawEnv.PORT ?? "") ? rawEnv.PORT : 3000}`;
}

function isReadableFile(path: string): boolean {
  try {
    return readFileSync(path, "utf8").trim().length > 0;
  } catch {
    return false;
  }
}

function readCertificate(e: z.infer<typeof envSchema>, problems: string[]): BackendCredential | undefined {
  let pem: string | undefined;
  if (e.ENTRA_BACKEND_CERTIFICATE_PATH) {
    try {
      pem = readFileSync(e.ENTRA_BACKEND_CERTIFICATE_PATH, "utf8");
    } catch {
      problems.push(
        `ENTRA_BACKEND_CERTIFICATE_PATH points at '${e.ENTRA_BACKEND_CERTIFICATE_PATH}', which cannot be read: give the path of a PEM file`,
      );
      return undefined;
    }
  } else if (e.ENTRA_BACKEND_CERTIFICATE_BASE64) {
    pem = Buffer.from(e.ENTRA_BACKEND_CERTIFICATE_BASE64, "base64").toString("utf8");
  } else return undefined;
  if (e.ENTRA_BACKEND_PRIVATE_KEY_PATH) {
    try {
      pem += "\n" + readFileSync(e.ENTRA_BACKEND_PRIVATE_KEY_PATH, "utf8");
    } catch {
      problems.push(
        `ENTRA_BACKEND_PRIVATE_KEY_PATH points at '${e.ENTRA_BACKEND_PRIVATE_KEY_PATH}', which cannot be read`,
      );
      return undefined;
    }
  }
  const parts = splitPemBundle(pem);
  if ("missing" in parts) {
    problems.push(
      `The backend certificate PEM lacks '${parts.missing}': it must hold the certificate and its private key (or give the key in ENTRA_BACKEND_PRIVATE_KEY_PATH)`,
    );
    return undefined;
  }
  return { type: "certificate", ...parts };
}

let cached: AppConfig | undefined;

/** The configuration of this process; throws ConfigError naming each bad variable. */
export function getConfig(): AppConfig {
  return (cached ??= parseConfig(process.env));
}
