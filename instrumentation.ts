// Runs once when the server starts: a bad configuration stops the app here with one line per problem, each
// naming its variable (Next would otherwise keep running and answer every request with a 500).
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { ConfigError, getConfig } = await import("./lib/config");
  try {
    getConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`The app cannot start:\n${err.problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example and the configuration table in README.md.`);
    process.exit(1);
  }
  (await import("./lib/auth/origin")).pinAuthUrl();
}
