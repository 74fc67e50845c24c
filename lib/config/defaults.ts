// What the configuration falls back to: the local emulator's registrations when no tenant is set, and the
// OBO cache's bounds.
import type { Env } from "./types";

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

/** The OBO cache's L1 bounds when OBO_CACHE_MAX_USERS / OBO_CACHE_MAX_MB are not set. */
export const OBO_CACHE_DEFAULTS = { maxUsers: 100_000, maxMegabytes: 256 } as const;

/** Fills the emulator's values in for whatever a developer did not set, when no tenant is configured. */
export function withEmulatorDefaults(env: Env): Env {
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

export function stripEmpty(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
}
