// One in-process emulator per test file, reset before each test (kept apart from harness.ts, which
// the benchmark imports outside vitest).
import { afterAll, beforeAll, beforeEach } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { admin } from "./browser.ts";
import { startTestEmulator } from "./harness.ts";

export function useTestEmulator(started: (emulator: RunningEmulator) => void): void {
  let emu: RunningEmulator | undefined;
  beforeAll(async () => {
    emu = await startTestEmulator();
    started(emu);
  });
  afterAll(() => emu?.close());
  beforeEach(() => admin(emu!, "POST", "/reset"));
}
