import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flagDocument, pageFlag } from "../../harness/flags";
import { FlagFile } from "./flag-file";

// Real files and the real stat polling (every second, as in the app): a change must land within 5 s.
let dir: string;
let file: FlagFile | undefined;
const lines: { level: "info" | "error"; message: string }[] = [];
const reporter = {
  info: (message: string) => lines.push({ level: "info", message }),
  error: (message: string) => lines.push({ level: "error", message }),
};
const errors = () => lines.filter((l) => l.level === "error").map((l) => l.message);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function within(ms: number, done: () => boolean): Promise<number> {
  const start = Date.now();
  while (!done()) {
    if (Date.now() - start > ms) throw new Error(`not within ${ms} ms`);
    await sleep(50);
  }
  return Date.now() - start;
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "flags-"));
  lines.length = 0;
});
afterEach(() => {
  file?.close();
  rmSync(dir, { recursive: true, force: true });
});

const spaPercent = (to: number) => flagDocument(pageFlag("profile", { percentile: [{ variant: "spa", from: 0, to }] }));
const percentOf = (f: FlagFile) => f.definitions.flags.get("profile")?.allocation?.percentile?.[0]?.to;

describe("the watched flags file", () => {
  it("loads at start and picks up an edit within 5 s, without a restart", async () => {
    const path = join(dir, "flags.json");
    writeFileSync(path, spaPercent(50));
    file = new FlagFile(path, reporter);
    await file.ready;
    expect(percentOf(file)).toBe(50);
    const generation = file.definitions.generation;

    await sleep(1100); // a later mtime than the first write, as any real edit has
    writeFileSync(path, spaPercent(0));
    const took = await within(5000, () => percentOf(file!) === 0);
    expect(took).toBeLessThan(5000);
    expect(file.definitions.generation).toBe(generation + 1);
  });

  it("follows a save by rename (how editors and ConfigMaps replace a file)", async () => {
    const path = join(dir, "flags.json");
    writeFileSync(path, spaPercent(10));
    file = new FlagFile(path, reporter);
    await file.ready;
    writeFileSync(join(dir, "next.json"), spaPercent(20));
    renameSync(join(dir, "next.json"), path);
    await within(5000, () => percentOf(file!) === 20);
  });

  it("keeps the last good definitions when the file turns invalid, and says so once", async () => {
    const path = join(dir, "flags.json");
    writeFileSync(path, spaPercent(30));
    file = new FlagFile(path, reporter);
    await file.ready;
    writeFileSync(path, flagDocument(pageFlag("profil")));
    await within(5000, () => errors().length > 0);
    await sleep(2500); // more polls of the same bad file
    expect(errors()).toHaveLength(1);
    expect(errors()[0]).toMatch(
      /^FEATURE_FLAGS_FILE .*flags\.json is invalid: flag page-mode\.profil: no page is called 'profil'.*; keeping the definitions loaded at \d{4}-/,
    );
    expect(percentOf(file)).toBe(30);
    expect(file.status.error?.message).toMatch(/is invalid/);

    writeFileSync(path, spaPercent(40)); // fixed: in force again, the error cleared
    await within(5000, () => percentOf(file!) === 40);
    expect(file.status.error).toBeUndefined();
  });

  it("starts with no page flags when the file is missing, and loads it once it appears", async () => {
    const path = join(dir, "later.json");
    file = new FlagFile(path, reporter);
    await file.ready;
    expect(file.definitions.flags.size).toBe(0);
    expect(errors()).toEqual([
      `FEATURE_FLAGS_FILE ${path}: the file does not exist; every page keeps its default mode (server) until the file is valid`,
    ]);
    writeFileSync(path, spaPercent(60));
    await within(5000, () => percentOf(file!) === 60);
  });

  it("reads nothing when no file is configured", async () => {
    file = new FlagFile(undefined, reporter);
    await file.ready;
    expect(file.definitions.flags.size).toBe(0);
    expect(lines).toEqual([]);
  });
});
