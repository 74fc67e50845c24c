// Sizes a newcomer can read: no source file over 300 lines and no function over 60 lines outside tests.
// Read from the sources with TypeScript's parser, so a file or function that grows past them fails here, named.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { importGraph } from "./support/import-graph.ts";

const MAX_FILE_LINES = 300;
const MAX_FUNCTION_LINES = 60;

const isTestCode = (file: string) =>
  /\.(test|spec)\.tsx?$/.test(file) || /^(test|e2e)\//.test(file) || file.includes("/test/");
const sources = [...importGraph(resolve(".")).keys()].filter((f) => !isTestCode(f));

function lineCount(text: string): number {
  return text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
}

/** "file:line" and the length of every function (declaration, expression, arrow, method) over the limit. */
function longFunctions(file: string, text: string, limit: number): string[] {
  const src = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const first = src.getLineAndCharacterOfPosition(node.getStart(src)).line;
      const last = src.getLineAndCharacterOfPosition(node.getEnd()).line;
      if (last - first + 1 > limit) found.push(`${file}:${first + 1} (${last - first + 1} lines)`);
    }
    ts.forEachChild(node, visit);
  };
  visit(src);
  return found;
}

describe("sizes outside tests", () => {
  it("reads the product, the emulator and the tooling", () => {
    expect(sources).toContain("lib/config.ts");
    expect(sources).toContain("emulator/server.ts");
    expect(sources.some(isTestCode)).toBe(false);
  });

  it(`no source file is over ${MAX_FILE_LINES} lines`, () => {
    const long = sources
      .map((f) => ({ f, n: lineCount(readFileSync(f, "utf8")) }))
      .filter(({ n }) => n > MAX_FILE_LINES)
      .map(({ f, n }) => `${f} (${n} lines)`);
    expect(long).toEqual([]);
  });

  it(`no function is over ${MAX_FUNCTION_LINES} lines`, () => {
    expect(sources.flatMap((f) => longFunctions(f, readFileSync(f, "utf8"), MAX_FUNCTION_LINES))).toEqual([]);
  });

  it("finds a long function where there is one (the check itself)", () => {
    const body = Array.from({ length: 61 }, (_, i) => `  const a${i} = ${i};`).join("\n");
    expect(longFunctions("x.ts", `export function big() {\n${body}\n}\n`, 60)).toEqual(["x.ts:1 (63 lines)"]);
    expect(longFunctions("x.ts", `const small = () => {\n  return 1;\n};\n`, 60)).toEqual([]);
  });
});
