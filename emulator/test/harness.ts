// Starts an in-process emulator for a test file, optionally with an edited copy of the tenant file.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { EmulatorFile } from "../config.ts";
import { startEmulator, type RunningEmulator } from "../server.ts";

export const TENANT_FILE = resolve("emulator/tenant.json");

export function readTenantFile(): EmulatorFile {
  return JSON.parse(readFileSync(TENANT_FILE, "utf8")) as EmulatorFile;
}

/** `edit` receives a deep copy of emulator/tenant.json to change (e.g. drop knownClientApplications). */
export async function startTestEmulator(edit?: (file: EmulatorFile) => void): Promise<RunningEmulator> {
  let configPath = TENANT_FILE;
  if (edit) {
    const file = readTenantFile();
    edit(file);
    configPath = join(mkdtempSync(join(tmpdir(), "emulator-")), "tenant.json");
    writeFileSync(configPath, JSON.stringify(file));
  }
  return startEmulator({ configPath, stateDir: process.env.EMULATOR_STATE_DIR!, port: 0, adminEnabled: true });
}

export const IDS = {
  tenant: "0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23",
  frontend: "3f6d2a4b-8c1e-4f7a-a5d9-0b2c4e6f8a11",
  backend: "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22",
  service: "5b4c3d2e-1f0a-4b9c-8d7e-6f5a4b3c2d33",
  serviceSecret: "6c5d4e3f-2a1b-4c0d-9e8f-7a6b5c4d3e44",
  serviceNoRole: "7d6e5f4a-3b2c-4d1e-8f9a-8b7c6d5e4f55",
  graph: "00000003-0000-0000-c000-000000000000",
} as const;

export const SECRETS = {
  frontend: "frontend-dev-secret-change-me",
  backend: "backend-dev-secret-change-me",
  serviceSecret: "legacy-daemon-secret-change-me",
} as const;

/** The frontend's registered redirect URIs on the dev origin, and what it asks for at sign-in. */
export const APP = {
  origin: "http://localhost:3000",
  web: "http://localhost:3000/api/auth/callback/microsoft-entra-id",
  spa: "http://localhost:3000/spa-redirect",
  scopes: ["openid", "profile", "offline_access", `api://${IDS.backend}/.default`],
} as const;
