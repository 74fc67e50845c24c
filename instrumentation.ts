// Runs once when the server starts: a bad configuration stops the app here, with a message naming the variable.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getConfig } = await import("./lib/config");
  getConfig();
  // Health per page mode (OpenTelemetry metrics): to the app's store, and to OTLP when configured.
  const { startHealthMetrics } = await import("./lib/health");
  await startHealthMetrics();
}
