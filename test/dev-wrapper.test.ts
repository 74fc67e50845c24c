// scripts/with-emulator.mjs, the wrapper behind `npm run dev` and `npm start`, run for real with a stand-in
// app (test/support/print-env.mjs): the app's URL comes from the port it starts on (with the emulator, or
// in dev), the emulator learns it too, and its admin hooks are on for `dev` only.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

const running: ChildProcess[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
});

const freePort = () =>
  new Promise<number>((ok) => {
    const server = createServer().listen(0, () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });

interface Run {
  env: Record<string, string | null>;
  emulatorUrl: string | undefined;
}

/** Starts the wrapper as `npm run <mode> -- -p <port>` would, and reads what the stand-in app was given. */
async function wrap(mode: "dev" | "start", appPort: number, extraEnv: Record<string, string> = {}): Promise<Run> {
  const emulatorPort = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, EMULATOR_PORT: String(emulatorPort), ...extraEnv };
  for (const k of [
    "AUTH_URL",
    "EMULATOR_ADMIN",
    "EMULATOR_APP_URL",
    "NODE_EXTRA_CA_CERTS",
    "ENTRA_TENANT_ID",
    "ENTRA_INSTANCE",
    "PORT",
  ])
    if (!(k in extraEnv)) delete env[k];
  const child = spawn(
    process.execPath,
    [
      "scripts/with-emulator.mjs",
      process.execPath,
      "test/support/print-env.mjs",
      mode,
      "-p",
      "1",
      "-p",
      String(appPort),
    ],
    { env, stdio: ["ignore", "pipe", "pipe"] },
  );
  running.push(child);
  let out = "";
  child.stdout.on("data", (c: Buffer) => (out += c));
  child.stderr.on("data", (c: Buffer) => (out += c));
  for (let i = 0; i < 300 && !/^ENV /m.test(out); i++) {
    if (child.exitCode !== null) throw new Error(`the wrapper stopped:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const line = /^ENV (.*)$/m.exec(out);
  if (!line) throw new Error(`no environment printed:\n${out}`);
  return {
    env: JSON.parse(line[1]) as Record<string, string | null>,
    emulatorUrl: /listening on (https:\/\/\S+)/.exec(out)?.[1],
  };
}

describe("the dev/start wrapper", () => {
  it(
    "npm run dev -- -p <port>: AUTH_URL and the emulator's app URL from that port, admin hooks on",
    { timeout: 60_000 },
    async () => {
      const port = await freePort();
      const run = await wrap("dev", port);
      expect(run.env).toMatchObject({
        AUTH_URL: `http://localhost:${port}`,
        EMULATOR_APP_URL: `http://localhost:${port}`,
      });
      expect((await fetch(`${run.emulatorUrl}/_admin/faults`)).status).toBe(200);
    },
  );

  it(
    "npm start: admin hooks off; a given AUTH_URL is kept and passed to the emulator (e2e covers the port-derived one)",
    { timeout: 60_000 },
    async () => {
      const run = await wrap("start", await freePort(), { AUTH_URL: "https://app.example.com" });
      expect(run.env).toMatchObject({
        AUTH_URL: "https://app.example.com",
        EMULATOR_APP_URL: "https://app.example.com",
        EMULATOR_ADMIN: null,
      });
      expect((await fetch(`${run.emulatorUrl}/_admin/faults`)).status).toBe(404);
    },
  );

  it("a real tenant: no emulator; AUTH_URL from the port in dev only (npm start must be told)", async () => {
    const tenant = { ENTRA_TENANT_ID: "11111111-2222-3333-4444-555555555555" };
    const dev = await wrap("dev", await freePort(), tenant);
    expect(dev.emulatorUrl).toBeUndefined();
    expect(dev.env.AUTH_URL).toMatch(/^http:\/\/localhost:\d+$/);
    const start = await wrap("start", await freePort(), tenant);
    expect(start.env.AUTH_URL).toBeNull();
  });
});
