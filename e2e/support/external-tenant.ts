// The app's settings for the emulator as an external tenant: every ENTRA_* value given explicitly, as a
// deployment gives Entra's (not the dev wrapper's defaults), and the emulator's CA mounted into the image.
import { randomBytes } from "node:crypto";
import { copyFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EMULATOR_DEFAULTS } from "../../lib/config";
import { EMULATOR_URL } from "../../playwright.config";

/** One AUTH_SECRET per test run, shared by the instances of a spec (as a deployment shares its secret). */
const AUTH_SECRET = randomBytes(33).toString("base64");

export function externalTenantEnv(imageDir: string, appUrl: string): Record<string, string> {
  // As a mounted file would be: inside the image directory, readable by its user.
  const ca = join(imageDir, "emulator-ca.crt");
  copyFileSync(resolve(".emulator-test/ca.crt"), ca);
  return {
    PORT: new URL(appUrl).port,
    ENTRA_INSTANCE: EMULATOR_URL,
    ENTRA_TENANT_ID: EMULATOR_DEFAULTS.tenantId,
    ENTRA_FRONTEND_CLIENT_ID: EMULATOR_DEFAULTS.frontendClientId,
    ENTRA_FRONTEND_CLIENT_SECRET: EMULATOR_DEFAULTS.frontendClientSecret,
    ENTRA_BACKEND_CLIENT_ID: EMULATOR_DEFAULTS.backendClientId,
    ENTRA_BACKEND_CLIENT_SECRET: EMULATOR_DEFAULTS.backendClientSecret,
    GRAPH_BASE_URL: `${EMULATOR_URL}/graph/v1.0`,
    AUTH_SECRET,
    AUTH_URL: appUrl,
    NODE_EXTRA_CA_CERTS: ca,
  };
}
