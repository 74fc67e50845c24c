// Who may open /diagnostics (it shows the configuration, the session's token claims and a live OBO):
// everyone signed in under `npm run dev` (NODE_ENV=development), else only holders of the backend's admin
// app role, with the emulator as with a real tenant. The header's link follows the same rule.
import type { AppConfig } from "@/lib/config";

export function mayDiagnose(
  config: AppConfig,
  roles: readonly string[] | undefined,
  nodeEnv = process.env.NODE_ENV,
): boolean {
  if (nodeEnv === "development") return true;
  return (roles ?? []).includes(config.entra.backend.roles.directoryAdmin);
}
