// Runs Microsoft's Python MSAL (Debian python3-msal) against an emulator: emulator/test/python/msal_client.py.
// Tests that need it are skipped, with the reason in their name, where it is not installed.
import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { resolve } from "node:path";
import type { RunningEmulator } from "../server.ts";

const PYTHON = process.env.PYTHON ?? "/usr/bin/python3";
const SCRIPT = resolve("emulator/test/python/msal_client.py");

export const hasPythonMsal = spawnSync(PYTHON, ["-c", "import msal"], { stdio: "ignore" }).status === 0;
export const PYTHON_MSAL = hasPythonMsal
  ? "Python MSAL"
  : "Python MSAL (skipped: python3-msal is not installed; apt-get install python3-msal)";

/** What every request names: the authority, and the instance discovery endpoint of a custom authority. */
export function pythonAuthority(emu: RunningEmulator, tenant = emu.ctx.config.tenant.id) {
  return { authority: `${emu.url}/${tenant}`, instance_discovery: `${emu.url}/common/discovery/instance` };
}

/** Runs one command; `onLine` sees each JSON line as it comes (the device flow prints its code first). */
export function runPythonMsal(request: Record<string, unknown>, onLine?: (line: any) => void): Promise<any[]> {
  const child = spawn(PYTHON, [SCRIPT, JSON.stringify(request)], {
    env: { ...process.env, REQUESTS_CA_BUNDLE: process.env.NODE_EXTRA_CA_CERTS },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: any[] = [];
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout }).on("line", (text) => {
    const line = JSON.parse(text);
    lines.push(line);
    onLine?.(line);
  });
  return new Promise((ok, fail) => {
    child.on("error", fail);
    child.on("close", (code) =>
      code === 0 ? ok(lines) : fail(new Error(`python3 exited ${code}: ${stderr.slice(-2000)}`)),
    );
  });
}
