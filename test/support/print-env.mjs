// Stands in for `next dev` / `next start` under scripts/with-emulator.mjs: prints the environment the
// wrapper gave it, then waits to be stopped (the wrapper stops everything when the app exits).
const keys = ["AUTH_URL", "EMULATOR_ADMIN", "EMULATOR_APP_URL", "EMULATOR_PORT", "NODE_EXTRA_CA_CERTS"];
console.log(`ENV ${JSON.stringify(Object.fromEntries(keys.map((k) => [k, process.env[k] ?? null])))}`);
setInterval(() => {}, 1000);
