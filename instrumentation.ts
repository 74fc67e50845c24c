// Runs once when the server starts (Node.js runtime): a bad configuration stops the app here with one line
// per problem, each naming its variable (Next would otherwise keep running and answer every request with a
// 500); then OpenTelemetry (lib/telemetry/setup.ts: tracing to OTLP, Azure Monitor or nothing, and the
// metrics of health per page mode, kept in the app's store and sent alike) and, when Next leaves the
// signals to the app (NEXT_MANUAL_SIG_HANDLE, set by the Dockerfile and `npm start`), the graceful shutdown.
export async function register() {
  // NEXT_RUNTIME is replaced at compile time: the Edge build drops this import.
  if (process.env.NEXT_RUNTIME === "nodejs") await (await import("./instrumentation-node")).startServer();
}
