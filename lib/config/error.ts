// Every problem of the configuration at once, each naming its variable, as the app prints them at start.
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example and the configuration table in README.md.`,
    );
    this.name = "ConfigError";
  }
}
