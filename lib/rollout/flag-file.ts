// The page-mode flags file, watched: a change is read, validated and swapped in within a second or two
// (stat polling every second: it survives editors that save by rename, and volumes where inotify does
// not reach, such as mounted ConfigMaps). A file that fails validation is reported once and changes
// nothing: the last good definitions stay in force.
import { readFile, stat } from "node:fs/promises";
import { unwatchFile, watchFile } from "node:fs";
import { listedUsers, parseFlagDocument, type FlagDocument, type FlagJson } from "./schema";
import type { PageName } from "./pages";

export interface FlagDefinitions {
  /** Bumped on every successful load: evaluations cached under an older one are stale. */
  generation: number;
  flags: Map<PageName, FlagJson>;
  document: FlagDocument;
  /** Per flag, the user ids (object ids or UPNs) it names. */
  listed: Map<PageName, Set<string>>;
  loadedAt: number;
}

export interface FlagFileStatus {
  path: string | undefined;
  /** The definitions in force (none when no file is configured or none was ever valid). */
  current: FlagDefinitions | undefined;
  /** The latest refusal, until a valid file replaces it. */
  error: { message: string; at: number } | undefined;
}

export interface Reporter {
  info(message: string): void;
  error(message: string): void;
}

export const EMPTY_DEFINITIONS: FlagDefinitions = {
  generation: 0,
  flags: new Map(),
  document: { feature_management: { feature_flags: [] } },
  listed: new Map(),
  loadedAt: 0,
};

export class FlagFile {
  private state: FlagFileStatus;
  private lastText: string | undefined;
  private queue: Promise<void> = Promise.resolve();
  private generation = 0;
  /** Resolves once the first read finished (whatever its outcome). */
  readonly ready: Promise<void>;

  constructor(
    readonly path: string | undefined,
    private readonly report: Reporter,
    private readonly intervalMs = 1000,
  ) {
    this.state = { path, current: undefined, error: undefined };
    this.ready = path ? this.reload() : Promise.resolve();
    // Not persistent: the watch alone never keeps a process (a test, a script) alive.
    if (path) watchFile(path, { interval: intervalMs, persistent: false }, () => void this.reload());
  }

  get status(): FlagFileStatus {
    return this.state;
  }

  get definitions(): FlagDefinitions {
    return this.state.current ?? EMPTY_DEFINITIONS;
  }

  /** Reads the file again (serialized; the watch calls it on every change of size, time or inode). */
  reload(): Promise<void> {
    this.queue = this.queue.then(() => this.readOnce());
    return this.queue;
  }

  close(): void {
    if (this.path) unwatchFile(this.path);
  }

  private async readOnce(): Promise<void> {
    const path = this.path!;
    let text: string;
    try {
      if (!(await stat(path)).isFile()) throw new Error("not a file");
      text = await readFile(path, "utf8");
    } catch (err) {
      const reason =
        (err as NodeJS.ErrnoException).code === "ENOENT"
          ? "the file does not exist"
          : `it cannot be read (${(err as Error).message})`;
      return this.refuse(`FEATURE_FLAGS_FILE ${path}: ${reason}`, `missing:${reason}`);
    }
    if (text === this.lastText) return;
    const parsed = await parseFlagDocument(text);
    if (!parsed.ok) return this.refuse(`FEATURE_FLAGS_FILE ${path} is invalid: ${parsed.error}`, text);
    this.lastText = text;
    const listed = new Map([...parsed.flags].map(([page, flag]) => [page, listedUsers(flag)] as const));
    this.state = {
      path,
      current: {
        generation: ++this.generation,
        flags: parsed.flags,
        document: parsed.document,
        listed,
        loadedAt: Date.now(),
      },
      error: undefined,
    };
    this.report.info(`page-mode flags loaded from ${path}: ${[...parsed.flags.keys()].join(", ") || "no page flags"}`);
  }

  /** One log line per bad version of the file, not one per poll. */
  private refuse(message: string, seen: string): void {
    if (seen === this.lastText) return;
    this.lastText = seen;
    const kept = this.state.current
      ? `keeping the definitions loaded at ${new Date(this.state.current.loadedAt).toISOString()}`
      : "every page keeps its default mode (server) until the file is valid";
    this.state = { ...this.state, error: { message, at: Date.now() } };
    this.report.error(`${message}; ${kept}`);
  }
}
