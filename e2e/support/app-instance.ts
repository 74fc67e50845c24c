// Another `next start` of the built app beside Playwright's webServer, against the same emulator (and the
// same Redis when REDIS_TEST_URL is set), with its own environment on top: a restart with SPA_PAGES, a
// flags file, a second instance behind the same store.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, openSync } from "node:fs";
import { resolve } from "node:path";
import { EMULATOR_URL } from "../../playwright.config";

export interface AppInstance {
  url: string;
  stop(): void;
}

export async function startAppInstance(
  port: number,
  env: Record<string, string | undefined> = {},
): Promise<AppInstance> {
  const url = `http://localhost:${port}`;
  if (await reachable(url))
    throw new Error(`port ${port} is in use by another server: free it, or choose another port for this spec`);
  const full: NodeJS.ProcessEnv = {
    ...process.env,
    // The webServer's configuration: the emulator's tenant (lib/config derives it from EMULATOR_PORT), the
    // same AUTH_SECRET default, and its session store.
    EMULATOR_PORT: new URL(EMULATOR_URL).port,
    EMULATOR_STATE_DIR: ".emulator-test",
    NODE_EXTRA_CA_CERTS: resolve(".emulator-test/ca.crt"),
    AUTH_URL: url,
    AUTH_TRUST_HOST: "true",
    LOG_LEVEL: "warn",
    ...env,
  };
  delete full.REDIS_URL;
  if (process.env.REDIS_TEST_URL) full.REDIS_URL = process.env.REDIS_TEST_URL;
  // Its log, for when a test fails: .test-reports/app-<port>.log.
  mkdirSync(".test-reports", { recursive: true });
  const logFile = `.test-reports/app-${port}.log`;
  const out = openSync(logFile, "w");
  const app: ChildProcess = spawn(
    process.execPath,
    [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)],
    { env: full, stdio: ["ignore", out, out] },
  );
  for (let i = 0; i < 200; i++) {
    if (app.exitCode !== null) break;
    if (await reachable(url)) return { url, stop: () => app.kill("SIGTERM") };
    await new Promise((r) => setTimeout(r, 300));
  }
  app.kill("SIGTERM");
  throw new Error(`the app did not start on ${port} (see ${logFile})`);
}

const reachable = (url: string) =>
  fetch(`${url}/`, { redirect: "manual" }).then(
    () => true,
    () => false,
  );
