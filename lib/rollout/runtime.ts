// One flags file watch, one evaluator and one targeting memo per process, on globalThis: proxy.ts and the
// pages are separate bundles, and each would otherwise watch the file and keep answers of its own.
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";
import { getStore } from "@/lib/store";
import { PageModeEvaluator } from "./evaluate";
import { FlagFile } from "./flag-file";
import { TargetingStore } from "./targeting";

export interface RolloutRuntime {
  file: FlagFile;
  evaluator: PageModeEvaluator;
  targeting: TargetingStore;
}

const RUNTIME = Symbol.for("entra-dual-mode.rollout-runtime");
type WithRuntime = typeof globalThis & { [RUNTIME]?: RolloutRuntime };

export function rolloutRuntime(): RolloutRuntime {
  const g = globalThis as WithRuntime;
  if (!g[RUNTIME]) {
    const file = new FlagFile(getConfig().flags.file, { info: (m) => log.info(m), error: (m) => log.error(m) });
    g[RUNTIME] = {
      file,
      evaluator: new PageModeEvaluator(() => file.definitions),
      targeting: new TargetingStore(getStore()),
    };
  }
  return g[RUNTIME];
}
