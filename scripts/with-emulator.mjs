#!/usr/bin/env node
// Runs a command (next dev / next start / anything) with the local Entra emulator beside it, unless a
// real tenant is configured (ENTRA_TENANT_ID set in the environment or .env files): then it only runs the command.
//   node scripts/with-emulator.mjs next dev -p 3000   (`npm run dev -- -p 3001` moves the app, EMULATOR_PORT the emulator)
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import nextEnv from "@next/env";

const root = resolve(import.meta.dirname, "..");
nextEnv.loadEnvConfig(root, process.argv.includes("dev"));
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/with-emulator.mjs <command> [args…]");
  process.exit(2);
}

// The last -p wins, as with next itself: `npm run dev -- -p 3001` appends one.
const appPort = args.includes("-p") ? args[args.lastIndexOf("-p") + 1] : undefined;

/** Exits with a plain sentence when a port is taken, rather than a stack trace halfway through start-up. */
async function requireFreePort(port, what, hint) {
  const free = await new Promise((ok) => {
    const probe = createServer();
    probe.once("error", (err) => ok(err.code !== "EADDRINUSE"));
    probe.listen(Number(port), () => probe.close(() => ok(true)));
  });
  if (!free) {
    console.error(`Port ${port} (${what}) is already in use: is another \`npm run dev\` or \`npm start\` running? Stop it, or ${hint}.`);
    process.exit(1);
  }
}

if (appPort) await requireFreePort(appPort, "the app", "start this one on another port: npm run dev -- -p 3001 (3000 to 3109 are registered redirect URIs)");

const env = { ...process.env };
const children = [];
const stopAll = (code) => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exitCode = code;
};
process.on("SIGINT", () => stopAll(130));
process.on("SIGTERM", () => stopAll(143));

if (!env.ENTRA_TENANT_ID && !env.ENTRA_INSTANCE) {
  env.EMULATOR_PORT ??= "8443";
  await requireFreePort(env.EMULATOR_PORT, "the Entra emulator", "start this one with EMULATOR_PORT=8450");
  env.EMULATOR_ADMIN ??= "1"; // the test hooks; a shared emulator can turn them off with EMULATOR_ADMIN=0
  env.EMULATOR_STATE_DIR ??= resolve(root, ".emulator");
  // The emulator creates the CA on first start, so only the app gets NODE_EXTRA_CA_CERTS.
  const { NODE_EXTRA_CA_CERTS: _ignored, ...emulatorEnv } = env;
  env.NODE_EXTRA_CA_CERTS = resolve(env.EMULATOR_STATE_DIR, "ca.crt");
  const emulator = spawn(process.execPath, ["--import", "tsx", resolve(root, "emulator/main.ts")], { cwd: root, env: emulatorEnv, stdio: ["ignore", "pipe", "inherit"] });
  children.push(emulator);
  emulator.on("exit", (code) => {
    if (code) console.error(`emulator exited with code ${code}`);
    stopAll(code ?? 1);
  });
  await new Promise((ok, fail) => {
    let seen = "";
    emulator.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      seen += chunk;
      if (seen.includes("listening on")) ok();
    });
    emulator.once("exit", () => fail(new Error("the emulator stopped before it was ready")));
  }).catch((err) => {
    console.error(err.message);
    process.exit(1);
  });
}

const app = spawn(command, args, { cwd: root, env, stdio: "inherit", shell: false });
children.push(app);
app.on("exit", (code) => stopAll(code ?? 0));
if (appPort) console.log(`\n  App:  http://localhost:${appPort}   (sign in with one of the users above)\n`);
