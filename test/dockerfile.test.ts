// The Dockerfile's rules, read from the file itself (e2e/standalone.spec.ts runs what it says; the linter
// in npm test checks its syntax): a slim Node 20/22 base, several stages, a final stage holding only the
// standalone output and the static assets, a non-root numeric user, a HEALTHCHECK, no secret; and a
// .dockerignore that keeps local state and secrets out of the build context.
import { readFileSync } from "node:fs";
import { DockerfileParser } from "dockerfile-ast";
import { describe, expect, it } from "vitest";
import { readImageSpec } from "../e2e/support/image.ts";

const text = readFileSync("Dockerfile", "utf8");
const dockerfile = DockerfileParser.parse(text);
const SECRET_NAME = /SECRET|PASSWORD|TOKEN|KEY|CONNECTION_STRING|AUTH_SECRET|ENTRA_|REDIS_URL/i;

describe("Dockerfile", () => {
  it("builds in stages from a slim Node 20 or 22 image", () => {
    const froms = dockerfile.getFROMs();
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const nodeVersion = /ARG NODE_VERSION=(\d+)/.exec(text)?.[1];
    expect(["20", "22"]).toContain(nodeVersion);
    for (const from of froms) expect(from.getImage()).toMatch(/^node:\$\{NODE_VERSION\}-[a-z]+-slim$/);
  });

  it("the image holds only the standalone output and the static assets, run as a non-root numeric user", () => {
    const spec = readImageSpec();
    expect(spec.copies).toEqual([
      { from: "/app/.next/standalone", to: "./" },
      { from: "/app/.next/static", to: "./.next/static" },
    ]);
    expect(spec.user).toEqual({ uid: 1001, gid: 1001 });
    expect(spec.cmd).toEqual(["node", "server.js"]);
    expect(spec.healthcheck.join(" ")).toContain("/healthz");
  });

  it("bakes in no secret and no tenant: no ENV or ARG names one", () => {
    for (const i of dockerfile.getInstructions().filter((x) => ["ENV", "ARG"].includes(x.getKeyword())))
      expect(i.getArgumentsContent(), i.getKeyword()).not.toMatch(SECRET_NAME);
  });

  it(".dockerignore keeps emulator state, env files, keys and build output out of the context", () => {
    const ignored = readFileSync(".dockerignore", "utf8")
      .split("\n")
      .map((l) => l.trim());
    for (const entry of [
      ".emulator",
      ".emulator-test",
      ".env",
      ".env.*",
      "*.pem",
      "*.key",
      "node_modules",
      ".next",
      ".git",
    ])
      expect(ignored).toContain(entry);
  });
});
