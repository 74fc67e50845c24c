// Small HTTP helpers over node:http, so the emulator needs no web framework.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface Request {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  /** Raw body; empty for GET. Bodies over 1 MiB are refused before a handler runs. */
  body: Buffer;
  raw: IncomingMessage;
}

export type Handler = (req: Request, res: ServerResponse) => Promise<void> | void;

export const MAX_BODY_BYTES = 1024 * 1024;

export async function readRequest(raw: IncomingMessage, baseUrl: string): Promise<Request> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of raw) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  return {
    method: raw.method ?? "GET",
    url: new URL(raw.url ?? "/", baseUrl),
    headers: raw.headers,
    body: Buffer.concat(chunks),
    raw,
  };
}

export class BodyTooLarge extends Error {}

/** application/x-www-form-urlencoded body (MSAL adds ;charset=utf-8), or the query for GET. */
export function formParams(req: Request): URLSearchParams {
  const type = String(req.headers["content-type"] ?? "");
  if (req.method === "POST" && type.startsWith("application/x-www-form-urlencoded"))
    return new URLSearchParams(req.body.toString("utf8"));
  if (req.method === "POST" && type.startsWith("application/json")) {
    try {
      const obj = JSON.parse(req.body.toString("utf8")) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(obj).map(([k, v]) => [k, String(v)]));
    } catch {
      return new URLSearchParams();
    }
  }
  return req.method === "POST" ? new URLSearchParams() : req.url.searchParams;
}

export function jsonBody<T = unknown>(req: Request): T | undefined {
  try {
    return JSON.parse(req.body.toString("utf8")) as T;
  } catch {
    return undefined;
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Cache-Control": "no-store",
    ...headers,
    "Content-Length": Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-store",
    ...headers,
    "Content-Length": Buffer.byteLength(html),
  });
  res.end(html);
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): void {
  res.writeHead(302, { Location: location, "Cache-Control": "no-store", ...headers });
  res.end();
}

export function parseCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of String(req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

export function serializeCookie(name: string, value: string, opts: { maxAge?: number; path?: string } = {}): string {
  // SameSite=None;Secure: the IdP session must ride along on msal-browser's hidden-iframe silent SSO.
  const parts = [
    `${name}=${encodeURIComponent(value)}`,
    `Path=${opts.path ?? "/"}`,
    "HttpOnly",
    "Secure",
    "SameSite=None",
  ];
  if (opts.maxAge !== undefined) parts.push(`Max-Age=${opts.maxAge}`);
  return parts.join("; ");
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
