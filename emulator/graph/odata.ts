// OData query options shared by Graph collections: $top and opaque $skiptoken paging.
import type { EmulatorContext } from "../context.ts";
import type { Request } from "../http.ts";
import { GraphError, unsupportedQuery } from "./errors.ts";

export const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 999;
// Directory skip tokens start like this on real Graph; clients must treat the rest as opaque.
const SKIPTOKEN_PREFIX = "RFNwdAoA";

export function parseTop(req: Request): number {
  const raw = req.url.searchParams.get("$top");
  if (raw === null) return DEFAULT_PAGE_SIZE;
  const top = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(top >= 1 && top <= MAX_PAGE_SIZE))
    throw unsupportedQuery(`Invalid page size specified: '${raw}'. Must be between 1 and ${MAX_PAGE_SIZE} inclusive.`);
  return top;
}

function encodeSkipToken(offset: number): string {
  return SKIPTOKEN_PREFIX + Buffer.from(`offset:${offset}`).toString("base64url");
}

function decodeSkipToken(token: string): number {
  const match = token.startsWith(SKIPTOKEN_PREFIX)
    ? /^offset:(\d+)$/.exec(Buffer.from(token.slice(SKIPTOKEN_PREFIX.length), "base64url").toString("utf8"))
    : null;
  if (!match) throw new GraphError(400, "Request_BadRequest", "The specified page token value is invalid.");
  return Number(match[1]);
}

/** One page of `items` (already filtered and ordered), with an absolute nextLink that keeps the query. */
export function page<T>(
  ctx: EmulatorContext,
  req: Request,
  items: readonly T[],
  top: number,
): { value: T[]; nextLink?: string } {
  const token = req.url.searchParams.get("$skiptoken");
  const offset = token === null ? 0 : decodeSkipToken(token);
  const value = items.slice(offset, offset + top);
  if (offset + top >= items.length) return { value };
  // Keep the caller's own encoding of the other options; only the skip token changes between pages.
  const kept = req.url.search
    .slice(1)
    .split("&")
    .filter((pair) => pair && safeDecode(pair.split("=")[0]) !== "$skiptoken");
  kept.push(`$skiptoken=${encodeSkipToken(offset + top)}`);
  const path = req.url.pathname.replace(/^\/graph/, "");
  return { value, nextLink: `${ctx.graphBaseUrl}${path}?${kept.join("&")}` };
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return s;
  }
}

export function metadataUrl(ctx: EmulatorContext, version: string, fragment: string): string {
  return `${ctx.graphBaseUrl}/${version}/$metadata#${fragment}`;
}

export function hasEventualConsistency(req: Request): boolean {
  return String(req.headers["consistencylevel"] ?? "").toLowerCase() === "eventual";
}
