// A real Redis Cluster on loopback for e2e/redis-cluster.spec.ts: three masters, each with one replica
// (redis-cli --cluster create … --cluster-replicas 1), so that killing a master ends in a failover to its
// replica, as Azure's clustered tiers do. cluster-node-timeout is short (1 s) to keep the test quick.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export class RedisCluster {
  readonly dir = mkdtempSync(join(tmpdir(), "redis-cluster-"));
  constructor(readonly ports: number[]) {}

  private cli(port: number, ...args: string[]): string {
    return execFileSync("redis-cli", ["-p", String(port), ...args], {
      encoding: "utf8",
      timeout: 10_000,
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  }

  async start(): Promise<void> {
    for (const port of this.ports) {
      execFileSync("redis-server", [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--cluster-enabled",
        "yes",
        "--cluster-config-file",
        `nodes-${port}.conf`,
        "--cluster-node-timeout",
        "1000",
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        this.dir,
        "--daemonize",
        "yes",
        "--pidfile",
        join(this.dir, `${port}.pid`),
        "--logfile",
        join(this.dir, `${port}.log`),
      ]);
    }
    for (const port of this.ports) await this.until(() => this.cli(port, "ping") === "PONG");
    execFileSync(
      "redis-cli",
      ["--cluster", "create", ...this.ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "1", "--cluster-yes"],
      { stdio: "ignore", timeout: 60_000 },
    );
    await this.until(
      () => this.ports.every((p) => this.cli(p, "cluster", "info").includes("cluster_state:ok")),
      30_000,
    );
  }

  /** The live masters' ports. */
  masters(): number[] {
    const port = this.alive()[0];
    return this.cli(port, "cluster", "nodes")
      .split("\n")
      .filter((l) => / master /.test(l.replace(/myself,/, "")) && !/fail/.test(l))
      .map((l) => Number(/:(\d+)@/.exec(l)![1]));
  }

  /** The master holding a key matching `pattern` (e.g. eda:session:*), if any. */
  masterHolding(pattern: string): number | undefined {
    return this.masters().find((port) => this.cli(port, "--scan", "--pattern", pattern).length > 0);
  }

  private pid(port: number): number {
    return Number(readFileSync(join(this.dir, `${port}.pid`), "utf8"));
  }

  private isAlive(port: number): boolean {
    try {
      process.kill(this.pid(port), 0);
      return true;
    } catch {
      return false;
    }
  }

  alive(): number[] {
    return this.ports.filter((p) => this.isAlive(p));
  }

  /** Kills one server outright (SIGKILL: no goodbye to its peers, as a crashed VM). */
  kill(port: number): void {
    process.kill(this.pid(port), "SIGKILL");
  }

  /** Resolves once the cluster reports ok again without `port` among its masters. */
  async failedOver(port: number, ms = 30_000): Promise<void> {
    await this.until(() => {
      const live = this.alive();
      return (
        live.every((p) => this.cli(p, "cluster", "info").includes("cluster_state:ok")) &&
        !this.masters().includes(port) &&
        this.masters().length === 3
      );
    }, ms);
  }

  stop(): void {
    for (const port of this.alive()) process.kill(this.pid(port), "SIGKILL");
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async until(check: () => boolean, ms = 10_000): Promise<void> {
    for (const deadline = Date.now() + ms; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
      try {
        if (check()) return;
      } catch {
        // not answering yet
      }
    }
    throw new Error(`redis cluster: not ready within ${ms} ms (${this.dir})`);
  }
}
