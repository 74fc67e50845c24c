// Builds the emulator's context and its HTTPS server. Used by main.ts (CLI) and by tests (in-process).
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { Clock } from "./clock.ts";
import { loadConfig, type EmulatorConfig } from "./config.ts";
import type { EmulatorContext } from "./context.ts";
import { EventLog } from "./events.ts";
import { Faults } from "./faults.ts";
import { BodyTooLarge, readRequest, sendJson, type Handler } from "./http.ts";
import { KeyRing } from "./keys.ts";
import { ensureClientCertificate, ensureTls, type TlsMaterial } from "./pki.ts";
import { createWorkloadIssuerHandler, WORKLOAD_ISSUER_PATH } from "./workload-issuer.ts";
import { createAdminHandler } from "./admin/index.ts";
import { createGraphHandler } from "./graph/index.ts";
import { createIdentityHandler } from "./identity/index.ts";

export interface EmulatorOptions {
  configPath: string;
  stateDir: string;
  /** 0 picks a free port. */
  port: number;
  hostname?: string;
  adminEnabled?: boolean;
  /** The app's URL, for "{app}" in a registration's front-channel logout URL (default http://localhost:3000). */
  appUrl?: string;
}

export interface RunningEmulator {
  ctx: EmulatorContext;
  url: string;
  caPath: string;
  close(): Promise<void>;
}

/**
 * Each area answers the paths under its prefix from its own route table (routes.ts); the identity
 * platform takes every other path.
 */
function routeByArea(ctx: EmulatorContext): Handler {
  const areas: Array<{ prefix: string; handle: Handler }> = [
    { prefix: "/_admin", handle: createAdminHandler(ctx) },
    { prefix: "/graph", handle: createGraphHandler(ctx) },
    { prefix: WORKLOAD_ISSUER_PATH, handle: createWorkloadIssuerHandler(ctx) },
  ];
  const identity = createIdentityHandler(ctx);
  return (req, res) => {
    const path = req.url.pathname;
    const area = areas.find(({ prefix }) => path === prefix || path.startsWith(`${prefix}/`));
    return (area?.handle ?? identity)(req, res);
  };
}

export async function startEmulator(opts: EmulatorOptions): Promise<RunningEmulator> {
  const hostname = opts.hostname ?? "localhost";
  const tls = ensureTls(opts.stateDir);
  const config = loadConfig(opts.configPath);
  prepareRegistrations(config, opts);
  // The routes need the context, and the context needs the port the server got.
  let handle: Handler = () => undefined;
  const server = httpsServer(tls, hostname, () => handle);
  const port = await listen(server, opts.port, hostname);
  const ctx = newContext(config, `${hostname}:${port}`, opts);
  handle = routeByArea(ctx);
  return { ctx, url: ctx.baseUrl, caPath: tls.caPath, close: () => closeServer(server) };
}

function prepareRegistrations(config: EmulatorConfig, opts: EmulatorOptions): void {
  // Like an operator typing the app's URL into the portal: one exact URL per registration, the app's own.
  for (const app of config.applications)
    app.web.logoutUrl = app.web.logoutUrl?.replace(
      "{app}",
      (opts.appUrl ?? "http://localhost:3000").replace(/\/+$/, ""),
    );
  // Registrations whose key credential says "generate" get their certificate now, so the daemon and the
  // backend can use it before their first token request.
  for (const app of config.applications)
    for (const k of app.keyCredentials) if ("generate" in k) ensureClientCertificate(opts.stateDir, k.generate);
}

function httpsServer(tls: TlsMaterial, hostname: string, handler: () => Handler): Server {
  const server: Server = createServer({ key: tls.server.keyPem, cert: tls.server.certPem }, (raw, res) =>
    serve(raw, res, hostname, handler),
  );
  // Node closes an idle keep-alive connection after 5 s; a client that reuses it at that instant gets
  // "socket hang up". Clients (MSAL, Playwright, undici) keep idle sockets far longer, so keep them open too.
  server.keepAliveTimeout = 120_000;
  server.headersTimeout = 125_000;
  return server;
}

/** One request: the handler's answer, else a JSON 404; 413 for a body too large, 500 for a handler's failure. */
async function serve(
  raw: IncomingMessage,
  res: ServerResponse,
  hostname: string,
  handler: () => Handler,
): Promise<void> {
  try {
    const req = await readRequest(raw, `https://${raw.headers.host ?? hostname}`);
    await handler()(req, res);
    if (!res.headersSent)
      sendJson(res, 404, { error: "not_found", error_description: `No emulated endpoint at ${req.url.pathname}` });
  } catch (err) {
    if (res.headersSent) return void res.end();
    if (err instanceof BodyTooLarge)
      return sendJson(res, 413, { error: "invalid_request", error_description: "Request body too large." });
    console.error("emulator: unhandled error", err);
    sendJson(res, 500, { error: "server_error", error_description: "The emulator failed to handle the request." });
  }
}

/** Listens on `port` (0: a free one); returns the port it got. */
async function listen(server: Server, port: number, hostname: string): Promise<number> {
  await new Promise<void>((ok, fail) => {
    server.once("error", fail);
    server.listen(port, hostname === "localhost" ? "127.0.0.1" : hostname, () => ok());
  });
  return (server.address() as AddressInfo).port;
}

function newContext(config: EmulatorConfig, host: string, opts: EmulatorOptions): EmulatorContext {
  const baseUrl = `https://${host}`;
  return {
    config,
    host,
    baseUrl,
    graphBaseUrl: `${baseUrl}/graph`,
    stateDir: opts.stateDir,
    clock: new Clock(),
    keys: new KeyRing(opts.stateDir),
    events: new EventLog(),
    faults: new Faults(),
    adminEnabled: opts.adminEnabled ?? false,
  };
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
}
