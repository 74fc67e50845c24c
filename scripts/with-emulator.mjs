#!/usr/bin/env node
// Runs a command (next dev / next start / anything) with the local Entra emulator beside it, unless a
// real tenant is configured (ENTRA_TENANT_ID set in the environment or .env files): then it only runs the command.
//   node scripts/with-emulator.mjs next dev -p 3000   (`npm run dev -- -p 3001` moves the app, EMULATOR_PORT the emulator)
// The app's URL (AUTH_URL) is http://localhost:<its port> unless given: with the emulator, and in `next dev`.
// The emulator learns it too (EMULATOR_APP_URL: where its front-channel sign-out reaches the app). Its admin
// hooks are on for `next dev` only; `npm start` turns them on with EMULATOR_ADMIN=1.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import nextEnv from "@next/env";

const root = resolve(import.meta.dirname, "..");
const dev = process.argv.includes("dev");
nextEnv.loadEnvConfig(root, dev);
const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error("usage: node scripts/with-emulator.mjs <command> [args…]");
  process.exit(2);
}

// The last -p wins, as with next itself: `npm run dev -- -p 3001` appends one.
const appPort = args.includes("-p") ? args[args.lastIndexOf("-p") + 1] : (process.env.PORT ?? "3000");

/** Exits with a plain sentence when a port is taken, rather than a stack trace halfway through start-up. */
async function requireFreePort(port, what, hint) {
  const free = await new Promise((ok) => {
    const probe = createServer();
    probe.once("error", (err) => ok(err.code !== "EADDRINUSE"));
    probe.listen(Number(port), () => probe.close(() => ok(true)));
  });
  if (!free) {
    console.error(
      `Port ${port} (${what}) is already in use: is another \`npm run dev\` or \`npm start\` running? Stop it, or ${hint}.`,
    );
    process.exit(1);
  }
}

await requireFreePort(appPort, "the app", "start this one on another port: npm run dev -- -p 3001 (any port signs in)");

const env = { ...process.env };
const emulated = !env.ENTRA_TENANT_ID && !env.ENTRA_INSTANCE;
// Loopback only: a real tenant in production names its public URL itself (the app refuses to start without it).
if ((emulated || dev) && env.TRUST_PROXY_HEADERS !== "on") env.AUTH_URL ??= `http://localhost:${appPort}`;
const children = [];
const stopAll = (code) => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
  process.exitCode = code;
};
process.on("SIGINT", () => stopAll(130));
process.on("SIGTERM", () => stopAll(143));

if (emulated) {
  env.EMULATOR_PORT ??= "8443";
  await requireFreePort(env.EMULATOR_PORT, "the Entra emulator", "start this one with EMULATOR_PORT=8450");
  if (dev) env.EMULATOR_ADMIN ??= "1"; // the test hooks; EMULATOR_ADMIN=0 turns them off
  if (env.AUTH_URL) env.EMULATOR_APP_URL ??= env.AUTH_URL;
  env.EMULATOR_STATE_DIR ??= resolve(root, ".emulator");
  // The emulator creates the CA on first start, so only the app gets NODE_EXTRA_CA_CERTS.
  const { NODE_EXTRA_CA_CERTS: _ignored, ...emulatorEnv } = env;
  env.NODE_EXTRA_CA_CERTS = resolve(env.EMULATOR_STATE_DIR, "ca.crt");
  const emulator = spawn(process.execPath, ["--import", "tsx", resolve(root, "emulator/main.ts")], {
    cwd: root,
    env: emulatorEnv,
    stdio: ["ignore", "pipe", "inherit"],
  });
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
console.log(`\n  App:  ${env.AUTH_URL ?? `http://localhost:${appPort}`}   (sign in with one of the users above)\n`);
