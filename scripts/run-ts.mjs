#!/usr/bin/env node
// Runs a TypeScript command-line program (the daemon, the doctor) with the emulator's CA trusted when no
// real tenant is configured: NODE_EXTRA_CA_CERTS is only read when a Node process starts, hence a child.
//   node scripts/run-ts.mjs daemon/main.ts status
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import nextEnv from "@next/env";

const root = resolve(import.meta.dirname, "..");
nextEnv.loadEnvConfig(root, false, { info: () => {}, error: console.error });
const [script, ...args] = process.argv.slice(2);
const env = { ...process.env };
if (!env.ENTRA_TENANT_ID && !env.ENTRA_INSTANCE) {
  const ca = resolve(env.EMULATOR_STATE_DIR ?? resolve(root, ".emulator"), "ca.crt");
  if (existsSync(ca)) env.NODE_EXTRA_CA_CERTS = ca;
}
const child = spawn(process.execPath, ["--import", "tsx", resolve(root, script), ...args], {
  cwd: root,
  env,
  stdio: "inherit",
});
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
