// Page tokens are the nextLink's $skiptoken, base64url-wrapped so the client sees one opaque charset.
import { PAGE_TOKEN_SHAPE } from "./input";

export function isPageToken(value: string): boolean {
  if (!PAGE_TOKEN_SHAPE.test(value)) return false;
  const skip = Buffer.from(value, "base64url").toString("utf8");
  return skip.length > 0 && /^[\x21-\x7e]+$/.test(skip);
}

export function pageTokenOf(nextLink: string | undefined): string | null {
  if (!nextLink) return null;
  const skip = new URL(nextLink).searchParams.get("$skiptoken");
  return skip ? Buffer.from(skip, "utf8").toString("base64url") : null;
}

/** The $skiptoken a page token wraps (check it with isPageToken first). */
export function skipTokenOf(pageToken: string): string {
  return Buffer.from(pageToken, "base64url").toString("utf8");
}
