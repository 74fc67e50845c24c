// Graph's query options on directory collections ($filter, $search, $orderby, $count) and its rules for
// "advanced queries": some need the ConsistencyLevel: eventual header and $count=true, and without them
// Graph answers with the errors copied here (learn.microsoft.com, "Advanced query capabilities on
// directory objects").
import type { Request } from "../http.ts";
import { GraphError, unsupportedQuery } from "./errors.ts";
import { parseFilter, type FilterModel, type Predicate } from "./filter.ts";
import { hasEventualConsistency } from "./odata.ts";

export interface CollectionModel<T> extends FilterModel<T> {
  /** Properties $search may name ("displayName:word"). */
  search: readonly string[];
  /** Properties $orderby accepts. */
  orderBy: readonly string[];
  /** The order Graph lists the collection in without $orderby. */
  defaultOrder: (a: T, b: T) => number;
  /** Membership lists (memberOf): $filter and $search need the advanced query parameters there. */
  reference?: boolean;
}

const ADVANCED_HINT =
  "Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";

export function wantsCount(req: Request): boolean {
  return req.url.searchParams.get("$count")?.toLowerCase() === "true";
}

/** `/users/$count`: only with ConsistencyLevel: eventual. */
export function requireCountSupport(req: Request): void {
  if (!hasEventualConsistency(req))
    throw new GraphError(400, "Request_BadRequest", "$count is not currently supported.");
}

/**
 * The collection's items after $search, $filter and $orderby, and the count when Graph would give one
 * (`@odata.count` needs ConsistencyLevel: eventual; without it $count=true is silently ignored).
 */
export function queryCollection<T>(
  model: CollectionModel<T>,
  req: Request,
  items: readonly T[],
  countSegment = false,
): { items: T[]; count?: number } {
  const q = req.url.searchParams;
  const eventual = hasEventualConsistency(req);
  const advanced = eventual && (wantsCount(req) || countSegment);
  const search = q.get("$search");
  const filter = q.get("$filter");
  const orderBy = q.get("$orderby");
  if (search !== null && !eventual)
    throw unsupportedQuery(
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  if (model.reference && (filter !== null || search !== null) && !advanced)
    throw unsupportedQuery("The specified filter to the reference property query is currently not supported.");
  const parsed = filter !== null && filter.trim() !== "" ? parseFilter(model, filter) : undefined;
  if (parsed?.advanced && !advanced)
    throw unsupportedQuery(
      `Operator '${parsed.advanced}' is not supported because the required parameters might be missing. ${ADVANCED_HINT}`,
    );
  const order = orderBy !== null ? parseOrderBy(model, orderBy) : model.defaultOrder;
  if (orderBy !== null && parsed && !advanced) throw unsupportedQuery("Sorting not supported for current query.");
  const matches = search !== null ? parseSearch(model, search) : () => true;
  const result = items.filter((x) => matches(x) && (parsed?.test(x) ?? true)).sort(order);
  return { items: result, count: eventual && (wantsCount(req) || countSegment) ? result.length : undefined };
}

function parseOrderBy<T>(model: CollectionModel<T>, raw: string): (a: T, b: T) => number {
  const keys = raw.split(",").map((part) => {
    const m = /^\s*(\w+)(?:\s+(asc|desc))?\s*$/i.exec(part);
    const prop = m && model.orderBy.find((p) => p.toLowerCase() === m[1].toLowerCase());
    if (!prop) throw unsupportedQuery(`Unsupported sort property '${m?.[1] ?? part.trim()}' for '${model.entity}'.`);
    return { prop, sign: m![2]?.toLowerCase() === "desc" ? -1 : 1 };
  });
  const text = (x: T, prop: string) => String(model.get(x, prop) ?? "");
  return (a, b) => {
    for (const { prop, sign } of keys) {
      const c = text(a, prop).localeCompare(text(b, prop), "en", { sensitivity: "base" });
      if (c) return sign * c;
    }
    return model.defaultOrder(a, b);
  };
}

// ---- $search ("property:words", tokenized prefix match, joined by AND / OR) ----------------------

const words = (s: string) =>
  s
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

function term<T>(model: CollectionModel<T>, text: string, raw: string): Predicate<T> {
  const m = /^"(\w+):([^"]*)"$/.exec(text);
  if (!m) {
    const at = raw.indexOf(":");
    throw unsupportedQuery(
      at >= 0 && !raw.trim().startsWith('"')
        ? `Syntax error: character ':' is not valid at position ${at} in '${raw}'.`
        : `Invalid $search query '${raw}'.`,
    );
  }
  const prop = model.search.find((p) => p.toLowerCase() === m[1].toLowerCase());
  if (!prop) throw unsupportedQuery(`Property '${m[1]}' is not supported for search.`);
  const wanted = words(m[2]);
  return (x) => {
    const have = words(String(model.get(x, prop) ?? ""));
    return wanted.every((w) => have.some((h) => h.startsWith(w)));
  };
}

export function parseSearch<T>(model: CollectionModel<T>, raw: string): Predicate<T> {
  const pieces = raw.trim().split(/\s+(AND|OR)\s+/);
  let result = term(model, pieces[0], raw);
  for (let i = 1; i < pieces.length; i += 2) {
    const left = result;
    const right = term(model, pieces[i + 1], raw);
    result = pieces[i] === "AND" ? (x) => left(x) && right(x) : (x) => left(x) || right(x);
  }
  return result;
}
