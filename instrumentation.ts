// Runs once when the server starts (Node.js runtime): a bad configuration stops the app here, with a
// message naming the variable; then tracing (lib/telemetry/setup.ts: OTLP, Azure Monitor or nothing) and,
// when Next leaves the signals to the app (NEXT_MANUAL_SIG_HANDLE, set by the Dockerfile and `npm start`),
// the graceful shutdown (lib/lifecycle/shutdown.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig } = await import("./lib/config");
  const config = getConfig();
  const { startTelemetry } = await import("./lib/telemetry/setup");
  const telemetry = await startTelemetry();
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return;
  const [{ installGracefulShutdown }, { closeStore }, { flushOboCache }, { log }] = await Promise.all([
    import("./lib/lifecycle/shutdown"),
    import("./lib/store"),
    import("./lib/obo"),
    import("./lib/log"),
  ]);
  installGracefulShutdown({
    graceMs: config.server.shutdownGraceSeconds * 1000,
    log,
    closers: [
      { name: "obo cache writes", close: flushOboCache },
      { name: "redis", close: closeStore },
      { name: "telemetry", close: telemetry.shutdown },
    ],
  });
}
