import { resolve } from "node:path";
import { defineConfig } from "vitest/config";
import { ensureTls } from "./emulator/pki.ts";
import { KeyRing } from "./emulator/keys.ts";

// Test processes trust the emulator's local CA the way the app does: NODE_EXTRA_CA_CERTS, read by each
// worker at start-up, so the CA must exist before the workers are forked.
const stateDir = resolve(process.env.EMULATOR_STATE_DIR ?? ".emulator-test");
process.env.EMULATOR_STATE_DIR = stateDir;
process.env.NODE_EXTRA_CA_CERTS = ensureTls(stateDir).caPath;
new KeyRing(stateDir); // create the signing keys once, before parallel test files read them

export default defineConfig({
  resolve: { alias: { "server-only": resolve("lib/server-only-stub.ts"), "@": resolve(".") } },
  test: {
    include: ["emulator/**/*.test.ts", "lib/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 30_000,
    // next-auth imports "next/server" without an extension, which Node's ESM resolution refuses: let vite resolve it.
    server: { deps: { inline: ["next-auth"] } },
    hookTimeout: 60_000,
  },
});
