// Graceful shutdown for the standalone server (and `next start`), which Next 16 handles itself only
// partly: on SIGTERM it closes the listener and waits for in-flight requests without any limit, then exits
// 143 with Redis and the trace exporters still open. With NEXT_MANUAL_SIG_HANDLE=true (the Dockerfile
// sets it) Next leaves the signals to this module, which:
//   1. fails readiness at once (/readyz answers 503: the load balancer stops sending),
//   2. closes the listening socket and idle keep-alive connections; responses still due say Connection: close,
//   3. waits for the in-flight requests, up to the grace period (SHUTDOWN_GRACE_SECONDS),
//   4. runs the closers (OBO cache writes, Redis, trace exporters), each bounded,
//   5. exits 0, or 1 when the grace period ran out with requests still in flight.
// It finds the HTTP server and its requests through Node's diagnostics channel, with no hold on Next's internals.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { IncomingMessage, Server, ServerResponse } from "node:http";

export interface ShutdownOptions {
  graceMs: number;
  /** Run in order after the requests have drained (or the grace period ended). */
  closers: Array<{ name: string; close: () => Promise<void> }>;
  log: { info(obj: object, msg: string): void; warn(obj: object, msg: string): void };
  exit?: (code: number) => void;
}

interface RequestStart {
  request: IncomingMessage;
  response: ServerResponse;
  server: Server;
}

const CLOSER_TIMEOUT_MS = 3_000;
const STATE = Symbol.for("entra-dual-mode.shutdown");
interface State {
  draining: boolean;
  uninstall?: () => void;
}
const state = (): State => ((globalThis as typeof globalThis & { [STATE]?: State })[STATE] ??= { draining: false });

/** True from the shutdown signal on: readiness fails so no new traffic is routed here. */
export function isShuttingDown(): boolean {
  return state().draining;
}

/** Tests: remove the handlers and forget the shutdown. */
export function uninstallGracefulShutdown(): void {
  state().uninstall?.();
  state().uninstall = undefined;
  state().draining = false;
}

/** The servers seen so far and their requests still in flight; `drained` is called when the last one ends. */
interface Requests {
  servers: Set<Server>;
  inFlight: Set<ServerResponse>;
  drained?: () => void;
}

export function installGracefulShutdown(options: ShutdownOptions): void {
  if (state().uninstall) return;
  const requests: Requests = { servers: new Set(), inFlight: new Set() };
  const onRequest = (message: unknown) => track(requests, message as RequestStart);
  subscribe("http.server.request.start", onRequest);

  const onSignal = (signal: NodeJS.Signals) => {
    if (state().draining) return;
    state().draining = true;
    void drain(requests, signal, options);
  };

  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
  state().uninstall = () => {
    unsubscribe("http.server.request.start", onRequest);
    process.off("SIGTERM", onSignal);
    process.off("SIGINT", onSignal);
  };
}

function track(requests: Requests, { response, server }: RequestStart): void {
  const { servers, inFlight } = requests;
  servers.add(server);
  inFlight.add(response);
  // A request on a kept-alive connection after the signal: serve it, then close that connection.
  if (state().draining) response.setHeader("connection", "close");
  response.once("close", () => {
    inFlight.delete(response);
    if (state().draining) {
      server.closeIdleConnections();
      if (inFlight.size === 0) requests.drained?.();
    }
  });
}

async function drain(requests: Requests, signal: NodeJS.Signals, options: ShutdownOptions) {
  const { servers, inFlight } = requests;
  const { graceMs, log, closers, exit = process.exit } = options;
  log.info({ signal, inFlight: inFlight.size, graceSeconds: graceMs / 1000 }, "shutdown: draining in-flight requests");
  for (const server of servers) {
    server.close();
    server.closeIdleConnections();
  }
  let timer: NodeJS.Timeout | undefined;
  const finished = await new Promise<boolean>((resolve) => {
    if (inFlight.size === 0) return resolve(true);
    requests.drained = () => resolve(true);
    timer = setTimeout(() => resolve(false), graceMs);
  });
  clearTimeout(timer);
  if (!finished) log.warn({ inFlight: inFlight.size }, "shutdown: grace period over with requests still in flight");
  for (const closer of closers) {
    await bounded(closer.close(), CLOSER_TIMEOUT_MS).catch((err: unknown) =>
      log.warn({ closer: closer.name, err: String(err) }, "shutdown: close failed"),
    );
  }
  log.info({ clean: finished }, "shutdown: done");
  exit(finished ? 0 : 1);
}

function bounded<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms))),
  ]).finally(() => clearTimeout(timer));
}
