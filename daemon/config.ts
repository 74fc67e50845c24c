// The daemon's own configuration: a service registration with a certificate (no user, no secret).
// Authority and backend come from the app's configuration, so both always point at the same tenant.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { splitPemBundle, toMsalCertificate, type MsalCertificate } from "../lib/certificate.ts";
import { parseConfig, type AppConfig } from "../lib/config.ts";

export const EMULATOR_SERVICE_CLIENT_ID = "5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d33";

export interface DaemonConfig {
  clientId: string;
  certificate: MsalCertificate;
  scope: string;
  apiUrl: string;
  entra: AppConfig["entra"];
}

const schema = z.object({
  DAEMON_CLIENT_ID: z.string().regex(/^[0-9a-f-]{36}$/i, "DAEMON_CLIENT_ID must be the service registration's Application (client) ID GUID"),
  DAEMON_CERTIFICATE_PATH: z.string().optional(),
  DAEMON_CERTIFICATE_BASE64: z.string().optional(),
  DAEMON_PRIVATE_KEY_PATH: z.string().optional(),
  DAEMON_API_URL: z.string().url("DAEMON_API_URL must be the app's URL, e.g. http://localhost:3000").default("http://localhost:3000"),
  DAEMON_SCOPE: z.string().optional(),
});

export function loadDaemonConfig(env: Record<string, string | undefined> = process.env): DaemonConfig {
  const app = parseConfig(env);
  const emulatorCerts = resolve(env.EMULATOR_STATE_DIR ?? ".emulator", "certs");
  const withDefaults =
    app.provider === "emulator"
      ? { DAEMON_CLIENT_ID: EMULATOR_SERVICE_CLIENT_ID, DAEMON_CERTIFICATE_PATH: `${emulatorCerts}/service.crt`, DAEMON_PRIVATE_KEY_PATH: `${emulatorCerts}/service.key`, ...strip(env) }
      : strip(env);
  const parsed = schema.safeParse(withDefaults);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join("\n"));
  const e = parsed.data;
  return {
    clientId: e.DAEMON_CLIENT_ID,
    certificate: readCertificate(e),
    scope: e.DAEMON_SCOPE ?? `${app.entra.backend.appIdUri}/.default`,
    apiUrl: e.DAEMON_API_URL.replace(/\/+$/, ""),
    entra: app.entra,
  };
}

function strip(env: Record<string, string | undefined>) {
  return Object.fromEntries(Object.entries(env).filter(([k, v]) => k.startsWith("DAEMON_") && v));
}

function readCertificate(e: z.infer<typeof schema>): MsalCertificate {
  let pem: string;
  try {
    if (e.DAEMON_CERTIFICATE_BASE64) pem = Buffer.from(e.DAEMON_CERTIFICATE_BASE64, "base64").toString("utf8");
    else if (e.DAEMON_CERTIFICATE_PATH) pem = readFileSync(e.DAEMON_CERTIFICATE_PATH, "utf8");
    else throw new Error("DAEMON_CERTIFICATE_PATH or DAEMON_CERTIFICATE_BASE64 is required: the service registration's certificate (PEM)");
    if (e.DAEMON_PRIVATE_KEY_PATH) pem += "\n" + readFileSync(e.DAEMON_PRIVATE_KEY_PATH, "utf8");
  } catch (err) {
    const message = (err as NodeJS.ErrnoException).code === "ENOENT" ? `cannot read ${(err as NodeJS.ErrnoException).path} (start the emulator once with npm run dev to create it)` : (err as Error).message;
    throw new Error(`daemon certificate: ${message}`);
  }
  const parts = splitPemBundle(pem);
  if ("missing" in parts) throw new Error(`daemon certificate: the PEM lacks '${parts.missing}' (give the key in DAEMON_PRIVATE_KEY_PATH if it is a separate file)`);
  return toMsalCertificate(parts);
}
