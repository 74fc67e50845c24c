// The variables of a configuration for a real tenant (not the emulator), with the emulator's ids and
// placeholder secrets: for what the app decides from its configuration alone.
import { IDS } from "../../emulator/test/harness.ts";

export const TENANT_ENV = {
  ENTRA_TENANT_ID: IDS.tenant,
  ENTRA_FRONTEND_CLIENT_ID: IDS.frontend,
  ENTRA_FRONTEND_CLIENT_SECRET: "s",
  ENTRA_BACKEND_CLIENT_ID: IDS.backend,
  ENTRA_BACKEND_CLIENT_SECRET: "s",
  AUTH_SECRET: "x".repeat(40),
};
