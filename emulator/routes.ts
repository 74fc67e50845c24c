// The emulator's one routing style, for identity, Graph and the admin hooks alike: a declarative table
// of routes, each a method ("*": any), a path template (`:name` captures a segment, literal segments match
// case-insensitively as Entra's and Graph's do) and what it runs; the first route that matches wins.

export type Params = Record<string, string>;

export interface RouteSpec {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "*";
  path: string;
}

/** The route for a request; "method-not-allowed" when a route has the path but none the method. */
export type Found<R> = { route: R; params: Params } | "method-not-allowed" | undefined;

/** A path's segments, percent-decoded (a malformed escape is kept as it is); empty segments dropped. */
export function segmentsOf(pathname: string): string[] {
  return pathname.split("/").filter(Boolean).map(decodeSegment);
}

export function findRoute<R extends RouteSpec>(routes: readonly R[], method: string, segments: string[]): Found<R> {
  let pathMatched = false;
  for (const route of routes) {
    const params = matchPath(route.path, segments);
    if (!params) continue;
    if (route.method === "*" || route.method === method) return { route, params };
    pathMatched = true;
  }
  return pathMatched ? "method-not-allowed" : undefined;
}

function matchPath(template: string, segments: string[]): Params | undefined {
  const parts = template.split("/").filter(Boolean);
  if (parts.length !== segments.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < parts.length; i++) {
    if (parts[i].startsWith(":")) params[parts[i].slice(1)] = segments[i];
    else if (parts[i].toLowerCase() !== segments[i].toLowerCase()) return undefined;
  }
  return params;
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
