// The daemon's own configuration: a service registration with a certificate (no user, no secret). It runs
// apart from the app, so it reads only the tenant (ENTRA_INSTANCE, ENTRA_TENANT_ID), the backend it calls
// and its DAEMON_* variables; with no ENTRA_* variables set, it points at the local emulator.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { splitPemBundle, toMsalCertificate, type MsalCertificate } from "../lib/certificate.ts";
import { EMULATOR_DEFAULTS, knownAuthoritiesFor } from "../lib/config.ts";

export const EMULATOR_SERVICE_CLIENT_ID = "5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d33";

export interface DaemonConfig {
  clientId: string;
  certificate: MsalCertificate;
  scope: string;
  apiUrl: string;
  /** disabled-users: accounts per page asked of the service API (its default when unset). */
  pageSize: number | undefined;
  authority: string;
  knownAuthorities: string[];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const schema = z.object({
  ENTRA_INSTANCE: z
    .string()
    .url("ENTRA_INSTANCE must be the authority host, e.g. https://login.microsoftonline.com")
    .default("https://login.microsoftonline.com"),
  ENTRA_TENANT_ID: z
    .string({ error: "ENTRA_TENANT_ID is required: the directory (tenant) ID GUID" })
    .regex(GUID, "ENTRA_TENANT_ID must be the directory (tenant) ID GUID"),
  ENTRA_BACKEND_CLIENT_ID: z
    .string()
    .regex(GUID, "ENTRA_BACKEND_CLIENT_ID must be the backend's Application (client) ID GUID")
    .optional(),
  ENTRA_BACKEND_APP_ID_URI: z.string().optional(),
  DAEMON_CLIENT_ID: z
    .string({ error: "DAEMON_CLIENT_ID is required: the service registration's Application (client) ID GUID" })
    .regex(GUID, "DAEMON_CLIENT_ID must be the service registration's Application (client) ID GUID"),
  DAEMON_CERTIFICATE_PATH: z.string().optional(),
  DAEMON_CERTIFICATE_BASE64: z.string().optional(),
  DAEMON_PRIVATE_KEY_PATH: z.string().optional(),
  DAEMON_API_URL: z
    .string()
    .url("DAEMON_API_URL must be the app's URL, e.g. http://localhost:3000")
    .default("http://localhost:3000"),
  DAEMON_SCOPE: z.string().optional(),
  DAEMON_PAGE_SIZE: z.coerce
    .number({ error: "DAEMON_PAGE_SIZE must be a number from 1 to 999" })
    .int()
    .min(1)
    .max(999)
    .optional(),
});

type Env = Record<string, string | undefined>;

export function loadDaemonConfig(env: Env = process.env): DaemonConfig {
  const set = strip(env);
  const emulator = !set.ENTRA_TENANT_ID && !set.ENTRA_INSTANCE;
  const emulatorCerts = resolve(env.EMULATOR_STATE_DIR ?? ".emulator", "certs");
  const withDefaults: Env = emulator
    ? {
        ENTRA_INSTANCE: `https://localhost:${env.EMULATOR_PORT ?? EMULATOR_DEFAULTS.port}`,
        ENTRA_TENANT_ID: EMULATOR_DEFAULTS.tenantId,
        ENTRA_BACKEND_CLIENT_ID: EMULATOR_DEFAULTS.backendClientId,
        DAEMON_CLIENT_ID: EMULATOR_SERVICE_CLIENT_ID,
        ...(set.DAEMON_CERTIFICATE_PATH || set.DAEMON_CERTIFICATE_BASE64
          ? {}
          : {
              DAEMON_CERTIFICATE_PATH: `${emulatorCerts}/service.crt`,
              DAEMON_PRIVATE_KEY_PATH: `${emulatorCerts}/service.key`,
            }),
        ...set,
      }
    : set;
  const parsed = schema.safeParse(withDefaults);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("\n"));
  const e = parsed.data;
  const appIdUri =
    e.ENTRA_BACKEND_APP_ID_URI ?? (e.ENTRA_BACKEND_CLIENT_ID ? `api://${e.ENTRA_BACKEND_CLIENT_ID}` : undefined);
  const scope = e.DAEMON_SCOPE ?? (appIdUri ? `${appIdUri.replace(/\/+$/, "")}/.default` : undefined);
  if (!scope)
    throw new Error(
      "DAEMON_SCOPE is required (api://<backend client id>/.default), or set ENTRA_BACKEND_CLIENT_ID / ENTRA_BACKEND_APP_ID_URI",
    );
  const instance = e.ENTRA_INSTANCE.replace(/\/+$/, "");
  return {
    clientId: e.DAEMON_CLIENT_ID,
    certificate: readCertificate(e),
    scope,
    apiUrl: e.DAEMON_API_URL.replace(/\/+$/, ""),
    pageSize: e.DAEMON_PAGE_SIZE,
    authority: `${instance}/${e.ENTRA_TENANT_ID}`,
    knownAuthorities: knownAuthoritiesFor(instance),
  };
}

function strip(env: Env): Env {
  return Object.fromEntries(
    Object.entries(env).filter(
      ([k, v]) => /^(DAEMON_|ENTRA_(INSTANCE|TENANT_ID|BACKEND_CLIENT_ID|BACKEND_APP_ID_URI)$)/.test(k) && v,
    ),
  );
}

function readCertificate(e: z.infer<typeof schema>): MsalCertificate {
  let pem: string;
  try {
    if (e.DAEMON_CERTIFICATE_BASE64) pem = Buffer.from(e.DAEMON_CERTIFICATE_BASE64, "base64").toString("utf8");
    else if (e.DAEMON_CERTIFICATE_PATH) pem = readFileSync(e.DAEMON_CERTIFICATE_PATH, "utf8");
    else
      throw new Error(
        "DAEMON_CERTIFICATE_PATH or DAEMON_CERTIFICATE_BASE64 is required: the service registration's certificate (PEM)",
      );
    if (e.DAEMON_PRIVATE_KEY_PATH) pem += "\n" + readFileSync(e.DAEMON_PRIVATE_KEY_PATH, "utf8");
  } catch (err) {
    const message =
      (err as NodeJS.ErrnoException).code === "ENOENT"
        ? `cannot read ${(err as NodeJS.ErrnoException).path} (start the emulator once with npm run dev to create it)`
        : (err as Error).message;
    throw new Error(`daemon certificate: ${message}`);
  }
  const parts = splitPemBundle(pem);
  if ("missing" in parts)
    throw new Error(
      `daemon certificate: the PEM lacks '${parts.missing}' (give the key in DAEMON_PRIVATE_KEY_PATH if it is a separate file)`,
    );
  try {
    return toMsalCertificate(parts);
  } catch {
    // Node's parse errors can quote the input; say only which part is unreadable.
    throw new Error("daemon certificate: the certificate or private key PEM cannot be parsed");
  }
}
