// Graceful shutdown with a real HTTP server in this process: SIGTERM (emitted to the process's own
// handlers) during a slow request lets it finish, refuses new connections, runs the closers, exits 0;
// a request longer than the grace period ends in exit 1 at the deadline.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { installGracefulShutdown, isShuttingDown, uninstallGracefulShutdown } from "./shutdown";

const quiet = { info: () => {}, warn: () => {} };
let server: Server | undefined;

afterEach(() => {
  uninstallGracefulShutdown();
  server?.closeAllConnections();
  server?.close();
});

async function slowServer(ms: number): Promise<string> {
  server = createServer((_req, res) => setTimeout(() => res.end("done"), ms));
  await new Promise<void>((ok) => server!.listen(0, "127.0.0.1", ok));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function install(graceMs: number) {
  const closed: string[] = [];
  let exitCode: number | undefined;
  const exited = new Promise<number>((ok) =>
    installGracefulShutdown({
      graceMs,
      log: quiet,
      closers: [
        { name: "redis", close: async () => void closed.push("redis") },
        { name: "telemetry", close: async () => void closed.push("telemetry") },
      ],
      exit: (code) => ok((exitCode = code)),
    }),
  );
  return { closed, exited, code: () => exitCode };
}

describe("graceful shutdown", () => {
  it("lets the in-flight request finish, fails readiness, refuses new connections, closes, exits 0", async () => {
    const url = await slowServer(800);
    const { closed, exited, code } = install(5_000);
    const inFlight = fetch(url).then((r) => r.text());
    await new Promise((r) => setTimeout(r, 200));
    expect(isShuttingDown()).toBe(false);
    const signalled = Date.now();
    process.emit("SIGTERM", "SIGTERM");
    expect(isShuttingDown()).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(url, { signal: AbortSignal.timeout(2_000) })).rejects.toThrow();
    expect(code()).toBeUndefined(); // still draining
    expect(await inFlight).toBe("done");
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(2_000);
    expect(closed).toEqual(["redis", "telemetry"]);
  });

  it("stops waiting at the grace period: exit 1, closers still run", async () => {
    const url = await slowServer(10_000);
    const { closed, exited } = install(600);
    void fetch(url).catch(() => {});
    await new Promise((r) => setTimeout(r, 200));
    const signalled = Date.now();
    process.emit("SIGTERM", "SIGTERM");
    expect(await exited).toBe(1);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(550);
    expect(Date.now() - signalled).toBeLessThan(3_000);
    expect(closed).toEqual(["redis", "telemetry"]);
  });

  it("with nothing in flight, exits at once", async () => {
    await slowServer(10);
    const { exited } = install(5_000);
    const signalled = Date.now();
    process.emit("SIGTERM", "SIGTERM");
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(500);
  });
});
