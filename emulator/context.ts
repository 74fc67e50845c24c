// What every emulator handler is given. Built once in server.ts; handlers hold no globals.
import type { Clock } from "./clock.ts";
import type { EmulatorConfig } from "./config.ts";
import type { EventLog } from "./events.ts";
import type { Faults } from "./faults.ts";
import type { KeyRing } from "./keys.ts";

export interface EmulatorContext {
  config: EmulatorConfig;
  /** e.g. "localhost:8443": the host:port clients put in MSAL's knownAuthorities. */
  host: string;
  /** e.g. "https://localhost:8443" (no trailing slash): the identity platform's authority host. */
  baseUrl: string;
  /** e.g. "https://localhost:8443/graph": stands for https://graph.microsoft.com (serves /v1.0/… and /oidc/userinfo). */
  graphBaseUrl: string;
  stateDir: string;
  clock: Clock;
  keys: KeyRing;
  events: EventLog;
  faults: Faults;
  /** Test hooks under /_admin answer only when enabled (EMULATOR_ADMIN=1, on in dev and tests). */
  adminEnabled: boolean;
}
