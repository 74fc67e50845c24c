// Entry point: `npm run emulator` (or started by `npm run dev` / the test harness).
// `--init` only creates the local CA and certificates and exits (the test runner needs the CA file
// before any Node process that must trust it starts).
import { resolve } from "node:path";
import { ensureTls } from "./pki.ts";
import { startEmulator } from "./server.ts";

const configPath = resolve(process.env.EMULATOR_CONFIG ?? "emulator/tenant.json");
const stateDir = resolve(process.env.EMULATOR_STATE_DIR ?? ".emulator");
const port = Number(process.env.EMULATOR_PORT ?? 8443);

if (process.argv.includes("--init")) {
  console.log(ensureTls(stateDir).caPath);
  process.exit(0);
}

const emulator = await startEmulator({
  configPath,
  stateDir,
  port,
  adminEnabled: process.env.EMULATOR_ADMIN === "1",
  appUrl: process.env.EMULATOR_APP_URL,
});
const { tenant, users } = emulator.ctx.config;
const note = (u: (typeof users)[number]) =>
  u.isAdmin
    ? "(admin)"
    : u.mfaRequired
      ? "(MFA code 123456)"
      : u.groupIds.length > 200
        ? `(in ${u.groupIds.length} groups)`
        : "";
// One write, so a wrapper reading stdout sees the whole banner at once.
console.log(
  [
    `Entra emulator listening on ${emulator.url}`,
    `  tenant      ${tenant.displayName} ${tenant.id} (${tenant.domains.join(", ")})`,
    `  authority   ${emulator.url}/${tenant.id}/v2.0`,
    `  graph       ${emulator.ctx.graphBaseUrl}/v1.0`,
    `  trust it    NODE_EXTRA_CA_CERTS=${emulator.caPath}`,
    `  users       (all in ${configPath})`,
    ...users.slice(0, 5).map((u) => `    ${u.userPrincipalName.padEnd(34)} ${u.password.padEnd(10)} ${note(u)}`),
  ].join("\n"),
);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => void emulator.close().then(() => process.exit(0)));
}
