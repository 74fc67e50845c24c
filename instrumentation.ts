// Runs once when the server starts (Node.js runtime): a bad configuration stops the app here with one line
// per problem, each naming its variable (Next would otherwise keep running and answer every request with a
// 500); then OpenTelemetry (lib/telemetry/setup.ts: tracing to OTLP, Azure Monitor or nothing, and the
// metrics of health per page mode, kept in the app's store and sent alike) and, when Next leaves the
// signals to the app (NEXT_MANUAL_SIG_HANDLE, set by the Dockerfile and `npm start`), the graceful shutdown.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ConfigError, getConfig } = await import("./lib/config");
  let config: ReturnType<typeof getConfig>;
  try {
    config = getConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(
      `The app cannot start:\n${err.problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example and the configuration table in README.md.`,
    );
    process.exit(1);
  }
  (await import("./lib/origin")).pinAuthUrl();
  const [{ startTelemetry }, { healthMetricReader }] = await Promise.all([
    import("./lib/telemetry/setup"),
    import("./lib/health"),
  ]);
  const telemetry = await startTelemetry({ metricReaders: [healthMetricReader()] });
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
