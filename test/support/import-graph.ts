// The project's import graph, read from the sources with TypeScript's own pre-processor (static, dynamic
// and type-only imports and re-exports alike), for the architecture test.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import ts from "typescript";

const SKIP_DIRS = new Set([
  "node_modules",
  ".next",
  ".git",
  "public",
  "test-results",
  "playwright-report",
  ".test-reports",
  "tmp",
]);
const SOURCE = /\.(ts|tsx|mjs|js)$/;
const CANDIDATES = ["", ".ts", ".tsx", ".mjs", ".js", "/index.ts", "/index.tsx"];

/** file → the project files it imports; paths relative to the root, with "/" separators. */
export type ImportGraph = Map<string, string[]>;

function sourceFiles(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (e.name.startsWith(".") || SKIP_DIRS.has(e.name)) return [];
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(root, path);
    return SOURCE.test(e.name) && !e.name.endsWith(".d.ts") ? [relative(root, path).split(sep).join("/")] : [];
  });
}

function resolveImport(root: string, from: string, specifier: string): string | undefined {
  let base: string;
  if (specifier.startsWith("@/")) base = specifier.slice(2);
  else if (specifier.startsWith("./") || specifier.startsWith("../")) base = join(dirname(from), specifier);
  else return undefined; // a package
  for (const suffix of CANDIDATES) {
    const path = `${base}${suffix}`;
    if (existsSync(join(root, path)) && statSync(join(root, path)).isFile()) return path.split(sep).join("/");
  }
  return undefined;
}

export function importGraph(root: string): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of sourceFiles(root)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(join(root, file), "utf8"), true, true);
    const targets = importedFiles
      .map((i) => resolveImport(root, file, i.fileName))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The import cycles (strongly connected components of more than one node, or a node importing itself). */
export function cycles(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm, iterative so a long chain cannot overflow the stack.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  for (const start of graph.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; edge: number }> = [{ node: start, edge: 0 }];
    index.set(start, next);
    low.set(start, next++);
    stack.push(start);
    onStack.add(start);
    while (work.length) {
      const top = work[work.length - 1];
      const edges = graph.get(top.node) ?? [];
      if (top.edge < edges.length) {
        const to = edges[top.edge++];
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      if (work.length)
        low.set(work[work.length - 1].node, Math.min(low.get(work[work.length - 1].node)!, low.get(top.node)!));
      if (low.get(top.node) !== index.get(top.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== top.node);
      if (component.length > 1 || edges.includes(top.node)) found.push(component.sort());
    }
  }
  return found;
}

/** The graph between units (e.g. folders) that `unitOf` maps files to; imports inside a unit are dropped. */
export function unitGraph(graph: ImportGraph, unitOf: (file: string) => string): Map<string, string[]> {
  const units = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = unitOf(file);
    const edges = units.get(from) ?? new Set<string>();
    units.set(from, edges);
    for (const target of targets) if (unitOf(target) !== from) edges.add(unitOf(target));
  }
  return new Map([...units].map(([unit, edges]) => [unit, [...edges]]));
}

/** The imports from files matching `from` into files matching `to`, as "file → target". */
export function importsBetween(
  graph: ImportGraph,
  from: (file: string) => boolean,
  to: (file: string) => boolean,
): string[] {
  return [...graph].flatMap(([file, targets]) => (from(file) ? targets.filter(to).map((t) => `${file} → ${t}`) : []));
}
