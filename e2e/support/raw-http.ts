// Plain HTTP/1.1 requests with headers fetch() will not send (Host) and no redirect following: what a
// client that forges Host / X-Forwarded-* sends, and exactly what the server answers.
import { request as httpRequest } from "node:http";

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  location: string | undefined;
  setCookies: string[];
  body: string;
}

export function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<RawResponse> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: opts.method ?? "GET",
        headers: {
          host: target.host,
          ...opts.headers,
          ...(opts.body ? { "content-length": String(Buffer.byteLength(opts.body)) } : {}),
        },
        setHost: false,
      },
      (res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            location: res.headers.location,
            setCookies: res.headers["set-cookie"] ?? [],
            body,
          }),
        );
      },
    );
    req.on("error", reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

/** A cookie's value from Set-Cookie lines, URL-decoded. */
export function cookieValue(setCookies: string[], name: string): string | undefined {
  const line = setCookies.find((l) => l.startsWith(`${name}=`));
  return line
    ? decodeURIComponent(line.slice(name.length + 1, line.indexOf(";") < 0 ? undefined : line.indexOf(";")))
    : undefined;
}
