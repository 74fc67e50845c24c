// `npm run doctor [-- --origin https://app.example.com] [--json]`: checks the configuration end to end
// without a browser (lib/diagnose/doctor/). Exit code 1 when any check fails.
import { ConfigError, parseConfig } from "../lib/config.ts";
import { exitCodeOf, formatFindings, runDoctor, type Finding } from "../lib/diagnose/doctor/index.ts";
import { appFacts } from "../lib/diagnose/index.ts";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const json = process.argv.includes("--json");
  let findings: Finding[];
  try {
    const config = parseConfig(process.env);
    if (!json) {
      const origin = arg("--origin") ?? appFacts(config).appOrigin;
      console.log(
        `doctor: ${config.provider === "emulator" ? "the local emulator" : "Entra"} at ${config.entra.authority}`,
      );
      const from = arg("--origin")
        ? "--origin"
        : config.auth.urlFrom === "AUTH_URL"
          ? "AUTH_URL"
          : "the default; set AUTH_URL or pass -- --origin <url>";
      console.log(`        redirect URIs checked for ${origin ?? "http://localhost:3000"} (${from})\n`);
    }
    findings = await runDoctor(config, { origin: arg("--origin") });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    findings = err.problems.map((p, i) => ({
      id: `config-${i + 1}`,
      status: "error" as const,
      title: "Configuration",
      detail: p,
      fix: "See .env.example and the configuration table in README.md.",
    }));
  }
  console.log(json ? JSON.stringify(findings, null, 2) : formatFindings(findings));
  const code = exitCodeOf(findings);
  if (!json) {
    const count = (s: Finding["status"]) => findings.filter((f) => f.status === s).length;
    console.log(`\n${count("ok")} ok, ${count("warning")} warning(s), ${count("error")} error(s)`);
  }
  return code;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    console.error(`doctor: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 2;
  },
);
