// Imports run one way: app → lib → libraries; the emulator stands alone; no loop between folders or
// files. Read from the sources themselves, so a new import that breaks a rule fails here, naming it.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cycles, importGraph, importsBetween, unitGraph } from "./support/import-graph.ts";

const graph = importGraph(resolve("."));
const isTest = (file: string) => /\.(test|spec)\.tsx?$/.test(file);
/** Without test files: a test may import anything it exercises. */
const sources = new Map([...graph].filter(([file]) => !isTest(file)));

const top = (file: string) => file.split("/")[0];
const under =
  (...folders: string[]) =>
  (file: string) =>
    folders.includes(top(file));
/** Next's entry files at the root belong with app/: they import lib, and lib must not import them. */
const APP_ROOT_FILES = ["auth.ts", "proxy.ts", "instrumentation.ts", "instrumentation-node.ts"];
const appLayer = (file: string) => top(file) === "app" || APP_ROOT_FILES.includes(file);
/** What the product runs: the app, its lib, and the command-line programs built on lib. */
const product = (file: string) => !isTest(file) && (appLayer(file) || under("lib", "daemon", "doctor")(file));
/** Test and benchmark tooling, which product code never imports. */
const tooling = under("test", "e2e", "bench", "harness", "emulator", "scripts");

/** A concern: a folder under a top-level folder (lib/obo, app/components), or a file directly in one. */
function concernOf(file: string): string {
  const parts = file.split("/");
  return parts.length <= 2 ? file : `${parts[0]}/${parts[1]}`;
}

describe("the direction of imports", () => {
  it("reads the whole tree", () => {
    expect(graph.get("lib/config.ts")).toBeDefined();
    expect(graph.get("app/page.tsx")?.length).toBeGreaterThan(0);
  });

  it("lib/ never imports app/ (nor Next's entry files at the root)", () => {
    expect(importsBetween(graph, under("lib"), appLayer)).toEqual([]);
  });

  it("app/, lib/ and the command-line programs never import the emulator, tests, benchmarks or scripts", () => {
    expect(importsBetween(graph, product, tooling)).toEqual([]);
  });

  it("the emulator imports nothing outside emulator/", () => {
    expect(importsBetween(graph, under("emulator"), (f) => top(f) !== "emulator")).toEqual([]);
  });

  it("benchmarks never import test code", () => {
    expect(importsBetween(graph, under("bench"), under("test", "e2e"))).toEqual([]);
  });
});

describe("one public surface per concern", () => {
  // proxy.ts cannot load server-only modules: it (and lib/rollout/resolve.ts, which decides the page modes
  // for it) reads the session cookie through lib/session's one pure module instead of its (server-only) index.
  const PROXY_SAFE = ["lib/session/cookie.ts"];
  const PROXY_SIDE = ["proxy.ts", "lib/rollout/resolve.ts"];

  it.each(["lib/session", "lib/bearer"])("%s is used through its index.ts alone", (folder) => {
    const inside = (file: string) => file.startsWith(`${folder}/`);
    const reachesPast = (file: string) => inside(file) && file !== `${folder}/index.ts`;
    const outside = (file: string) => !inside(file) && !isTest(file);
    const allowed = (edge: string) =>
      PROXY_SIDE.some((f) => edge.startsWith(`${f} → `)) && PROXY_SAFE.some((f) => edge.endsWith(` → ${f}`));
    expect(importsBetween(graph, outside, reachesPast).filter((edge) => !allowed(edge))).toEqual([]);
  });
});

describe("the browser's code", () => {
  const text = (file: string) => readFileSync(file, "utf8");
  const isClient = (file: string) => /^\s*(\/\/[^\n]*\n\s*)*["']use client["']/.test(text(file));
  const isServerOnly = (file: string) => /^import "server-only";$/m.test(text(file));

  // A "use server" module is Server Actions: the browser's bundle gets references to call them, never
  // their code, so the walk stops there.
  const isServerActions = (file: string) => /^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(text(file));

  /** Every project file `file` imports, directly or through others, up to a Server Actions module. */
  function reach(file: string, seen = new Set<string>()): Set<string> {
    for (const next of graph.get(file) ?? [])
      if (!seen.has(next) && !isServerActions(next)) reach(next, seen.add(next));
    return seen;
  }

  it("finds the client components and the Server Actions", () => {
    expect(isClient("app/spa/SpaAuthProvider.tsx")).toBe(true);
    expect(isServerActions("app/tasks/actions.ts")).toBe(true);
    expect(isServerOnly("lib/session/index.ts")).toBe(true);
  });

  it("never imports a server-only module, not even for a type (shared types live in modules both may load)", () => {
    const clients = [...sources.keys()].filter(isClient);
    const offending = clients.flatMap((file) =>
      [...reach(file)].filter(isServerOnly).map((target) => `${file} → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});

describe("no loops", () => {
  it("between files", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("between folders (concerns such as lib/session and lib/obo)", () => {
    expect(cycles(unitGraph(sources, concernOf))).toEqual([]);
  });

  it("between top-level folders", () => {
    expect(cycles(unitGraph(sources, (f) => (f.includes("/") ? top(f) : f)))).toEqual([]);
  });
});

describe("one error dialect", () => {
  // The benchmark's ceiling is bare on purpose: it answers its one failure with errorResponse directly.
  // The probes answer a status report (ok / ready / not ready by check name), not an error: readiness()
  // catches each check's failure itself, and orchestrators read that body as it is.
  const BARE = ["app/api/bench/me/route.ts", "app/healthz/route.ts", "app/readyz/route.ts"];
  const routes = [...graph.keys()].filter((f) => f.startsWith("app/") && f.endsWith("/route.ts") && !BARE.includes(f));

  it.each(routes)("%s answers through withApiErrors", (file) => {
    const exported = [
      ...readFileSync(file, "utf8").matchAll(
        /^export (?:async )?(?:function|const) (?:GET|POST|PUT|PATCH|DELETE)\b.*$/gm,
      ),
    ].map((m) => m[0]);
    expect(exported.length).toBeGreaterThan(0);
    for (const handler of exported) expect(handler).toMatch(/= withApiErrors\(/);
  });

  it("no error body is written by hand outside lib/api/respond.ts", () => {
    const handWritten = [...sources.keys()].filter(
      (f) =>
        (appLayer(f) || top(f) === "lib") &&
        f !== "lib/api/respond.ts" &&
        /\.json\(\s*\{\s*error:/.test(readFileSync(f, "utf8")),
    );
    expect(handWritten).toEqual([]);
  });
});
