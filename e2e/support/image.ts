// The container image without docker: reads the Dockerfile's final stage and does what it says on this
// machine. The COPY --from=builder lines copy the same build output out of this checkout (the builder's
// /app) into a fresh directory standing for the image's WORKDIR; its RUN lines run there; the process
// starts with the stage's CMD, its ENV and nothing of this shell's environment but PATH, as its USER
// (when the tests run as root, as CI does). Used by e2e/standalone.spec.ts and e2e/redis-cluster.spec.ts.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { DockerfileParser, type Instruction } from "dockerfile-ast";

export interface ImageSpec {
  workdir: string;
  env: Record<string, string>;
  copies: Array<{ from: string; to: string }>;
  runs: string[];
  user: { uid: number; gid: number } | undefined;
  cmd: string[];
  healthcheck: string[];
}

const ROOT = resolve(".");

/** The final stage of the Dockerfile, as the runtime sees it. */
export function readImageSpec(path = resolve(ROOT, "Dockerfile")): ImageSpec {
  const stages = DockerfileParser.parse(readFileSync(path, "utf8")).getFROMs().length;
  const all = DockerfileParser.parse(readFileSync(path, "utf8")).getInstructions();
  let stage = 0;
  const last: Instruction[] = [];
  for (const i of all) {
    if (i.getKeyword() === "FROM") stage++;
    else if (stage === stages) last.push(i);
  }
  const spec: ImageSpec = { workdir: "/", env: {}, copies: [], runs: [], user: undefined, cmd: [], healthcheck: [] };
  for (const i of last) {
    const content = i.getArgumentsContent() ?? "";
    switch (i.getKeyword()) {
      case "WORKDIR":
        spec.workdir = content;
        break;
      case "ENV":
        for (const p of (
          i as unknown as { getProperties(): Array<{ getName(): string; getValue(): string | null }> }
        ).getProperties())
          spec.env[p.getName()] = p.getValue() ?? "";
        break;
      case "COPY": {
        const args = i.getArguments().map((a) => a.getValue());
        spec.copies.push({ from: args[0], to: args[1] });
        break;
      }
      case "RUN":
        spec.runs.push(content);
        break;
      case "USER": {
        const [uid, gid] = content.split(":").map(Number);
        spec.user = { uid, gid: gid ?? uid };
        break;
      }
      case "CMD":
        spec.cmd = JSON.parse(content) as string[];
        break;
      case "HEALTHCHECK":
        spec.healthcheck = JSON.parse(content.replace(/^CMD\s+/, "")) as string[];
        break;
    }
  }
  return spec;
}

/** A directory laid out as the image's WORKDIR: the builder's files (this checkout's build) copied in, RUN lines done. */
export function assembleImage(spec = readImageSpec()): string {
  const dir = mkdtempSync(join(tmpdir(), "image-"));
  chmodSync(dir, 0o755);
  for (const { from, to } of spec.copies) {
    const source = resolve(ROOT, from.replace(/^\/app\/?/, ""));
    cpSync(source, resolve(dir, to), { recursive: true });
  }
  for (const run of spec.runs) execFileSync("sh", ["-c", run], { cwd: dir, stdio: "inherit" });
  return dir;
}

export function removeImage(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export const runsAsImageUser = () => process.getuid?.() === 0;

/** The container's environment: the image's ENV and the host's settings, nothing else of this shell's. */
const imageEnv = (spec: ImageSpec, env: Record<string, string>) =>
  ({ PATH: process.env.PATH ?? "/usr/bin:/bin", ...spec.env, ...env }) as unknown as NodeJS.ProcessEnv;

/** The image's process: CMD in WORKDIR with ENV plus `env` (the host's settings), as USER when we are root. */
export function startImage(dir: string, env: Record<string, string>, spec = readImageSpec()): ChildProcess {
  const user = runsAsImageUser() && spec.user ? spec.user : {};
  const [command, ...args] = spec.cmd;
  return spawn(command, args, { cwd: dir, env: imageEnv(spec, env), stdio: ["ignore", "pipe", "pipe"], ...user });
}

/** The HEALTHCHECK command's exit code, run the way the container runtime runs it. */
export function runHealthcheck(dir: string, env: Record<string, string>, spec = readImageSpec()): number {
  const user = runsAsImageUser() && spec.user ? spec.user : {};
  const [command, ...args] = spec.healthcheck;
  try {
    execFileSync(command, args, { cwd: dir, env: imageEnv(spec, env), stdio: "ignore", timeout: 10_000, ...user });
    return 0;
  } catch (err) {
    return (err as { status?: number }).status ?? 1;
  }
}

/** Resolves once `url` answers (any status), or rejects after `ms`. */
export async function waitForServer(url: string, child: ChildProcess, ms = 60_000): Promise<void> {
  for (const deadline = Date.now() + ms; Date.now() < deadline;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it answered`);
    if (
      await fetch(url, { redirect: "manual" }).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${ms} ms`);
}
