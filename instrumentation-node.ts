// The Node.js side of instrumentation.ts, in its own module so that Next's Edge compile of instrumentation.ts
// never sees it (process.exit and the lib modules are Node-only).
export async function startServer(): Promise<void> {
  if (process.env.NEXT_PHASE === "phase-production-build") return;
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
