import "server-only";
import { getConfig } from "@/lib/config";
import { isShuttingDown } from "@/lib/lifecycle/shutdown";
import { log } from "@/lib/log";
import { errorType } from "@/lib/telemetry/trace";
import { CHECKS, type CheckName, type CheckResult } from "./checks";

// /readyz: every check by name, run together, each bounded by a timeout; the result is reused for
// READINESS_CACHE_SECONDS so probes from many nodes cost the IdP and Redis one round per interval.
// The body names checks and outcomes only: causes go to the log, never to an unauthenticated caller.

export interface Readiness {
  status: "ready" | "not_ready" | "shutting_down";
  checks: Partial<Record<CheckName, CheckResult>>;
}

const CHECK_TIMEOUT_MS = 3_000;
const LAST = Symbol.for("entra-dual-mode.readiness");
type WithLast = typeof globalThis & { [LAST]?: { at: number; result: Promise<Readiness> } };

export function readiness(now = Date.now()): Promise<Readiness> {
  if (isShuttingDown()) return Promise.resolve({ status: "shutting_down", checks: {} });
  const g = globalThis as WithLast;
  const last = g[LAST];
  if (last && now - last.at < getConfig().server.readinessCacheSeconds * 1000) return last.result;
  const result = runChecks();
  g[LAST] = { at: now, result };
  return result;
}

/** Tests: forget the cached result. */
export function clearReadinessCache(): void {
  delete (globalThis as WithLast)[LAST];
}

async function runChecks(): Promise<Readiness> {
  const outcomes = await Promise.all(CHECKS.map(async ({ name, run }) => [name, await outcome(name, run)] as const));
  const checks = Object.fromEntries(outcomes) as Record<CheckName, CheckResult>;
  const ready = Object.values(checks).every((r) => r !== "failed");
  return { status: ready ? "ready" : "not_ready", checks };
}

async function outcome(name: CheckName, run: () => Promise<CheckResult>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`no answer in ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)),
    );
    return await Promise.race([run(), timeout]);
  } catch (err) {
    log.warn(
      { check: name, error: errorType(err), reason: err instanceof Error ? err.message : String(err) },
      "readiness: check failed",
    );
    return "failed";
  } finally {
    clearTimeout(timer);
  }
}
