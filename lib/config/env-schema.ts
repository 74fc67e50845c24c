// The environment variables, checked one by one: each message names the variable and shows a good value.
import { z } from "zod";
import { OBO_CACHE_DEFAULTS } from "./defaults";
import { ConfigError } from "./error";
import type { Env } from "./types";

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
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

export type ParsedEnv = z.infer<typeof envSchema>;

/** The variables as the schema reads them (Entra's and Graph's public hosts by default); throws ConfigError. */
export function parseEnv(env: Env): ParsedEnv {
  const parsed = envSchema.safeParse({
    ...env,
    ENTRA_INSTANCE: env.ENTRA_INSTANCE ?? "https://login.microsoftonline.com",
    GRAPH_BASE_URL: env.GRAPH_BASE_URL ?? "https://graph.microsoft.com/v1.0",
  });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map((i) => i.message));
  return parsed.data;
}
