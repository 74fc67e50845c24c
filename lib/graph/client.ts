import "server-only";
import { Agent, request as httpsRequest } from "node:https";
import type { Caller } from "@/lib/bearer";
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";
import { getAppAuthorizationHeader, getAuthorizationHeader } from "@/lib/obo";
import { inSpan, SpanKind } from "@/lib/telemetry/trace";

// fetch against Graph with an OBO token for exactly the scopes an operation needs, or with the backend's
// own app-only token (application permissions). Throttling (429) and unavailability (503/504) of reads are
// retried a bounded number of times honouring Retry-After; a write is never retried here, so it is never
// sent twice behind the user's back: its 429/503 reaches the caller with the full Retry-After.

export const GRAPH_RESOURCE = "https://graph.microsoft.com";
/** Client credentials get every application permission granted to the backend, hence `.default`. */
export const GRAPH_APP_SCOPES = [`${GRAPH_RESOURCE}/.default`];
export const MAX_RETRIES = 2;
const MAX_WAIT_SECONDS = 5;

interface GraphRequestBase {
  /** A path under the Graph base URL ("/me"), or a nextLink that must point under it. */
  path: string;
  headers?: Record<string, string>;
  /** GET unless given; anything else is a write. */
  method?: "GET" | "POST" | "PATCH" | "DELETE";
  /** Sent as JSON. */
  body?: unknown;
}

export interface DelegatedGraphRequest extends GraphRequestBase {
  caller: Caller;
  /** Fully qualified scopes, e.g. https://graph.microsoft.com/User.Read. */
  scopes: string[];
}

/** As the backend itself (client credentials): what it may do is its granted application permissions. */
export interface AppGraphRequest extends GraphRequestBase {
  identity: "app";
}

export type GraphRequest = DelegatedGraphRequest | AppGraphRequest;

const isApp = (req: GraphRequest): req is AppGraphRequest => "identity" in req && req.identity === "app";

function authorizationFor(req: GraphRequest, claims: string | undefined, forceRefresh = false): Promise<string> {
  if (isApp(req)) return getAppAuthorizationHeader({ scopes: GRAPH_APP_SCOPES });
  return getAuthorizationHeader({
    scopes: req.scopes,
    caller: req.caller,
    ...(claims ? { claims } : {}),
    forceRefresh,
  });
}

export function graphUrl(path: string): URL {
  const base = getConfig().downstream.graph.baseUrl;
  if (/^https:\/\//i.test(path)) {
    // Never send a token anywhere but Graph: a nextLink must stay under the configured base URL.
    if (!path.startsWith(`${base}/`))
      throw new AppError("ERR_GRAPH_UNAVAILABLE", {}, { cause: new Error("nextLink outside the Graph base URL") });
    return new URL(path);
  }
  return new URL(`${base}${path}`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const TIMEOUT_MS = 15_000;
const NULL_BODY = new Set([101, 204, 205, 304]);
// One keep-alive pool to Graph for the process (no pipelining: one request per socket at a time), so a
// request reuses a TLS connection instead of going through a per-call fetch (and Next's fetch patching).
const AGENT = Symbol.for("entra-dual-mode.graph-agent");
type WithAgent = typeof globalThis & { [AGENT]?: Agent };
const agent = () => ((globalThis as WithAgent)[AGENT] ??= new Agent({ keepAlive: true, scheduling: "lifo" }));

interface Wire {
  method: string;
  body?: Buffer;
}
const GET: Wire = { method: "GET" };
const MAX_WRITE_WAIT_SECONDS = 300;

/** One request over the keep-alive pool, the whole body read, as a fetch Response. Rejects on network errors and after 15 s. */
function send(url: URL, headers: Record<string, string>, wire: Wire = GET, retryReset = true): Promise<Response> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method: wire.method, headers, agent: agent() }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("error", fail);
      res.on("end", () => {
        clearTimeout(timer);
        try {
          const status = res.statusCode ?? 502;
          const h = new Headers();
          const raw = res.rawHeaders;
          for (let i = 0; i + 1 < raw.length; i += 2) h.append(raw[i], raw[i + 1]);
          resolve(
            new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), {
              status,
              statusText: res.statusMessage,
              headers: h,
            }),
          );
        } catch (err) {
          reject(err); // a malformed header or status from the server
        }
      });
    });
    const timer = setTimeout(() => req.destroy(new Error(`Graph did not answer in ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
    function fail(err: Error) {
      clearTimeout(timer);
      // A kept-alive socket the server closed meanwhile: this GET never reached it, so send it once more.
      // A write might have, so it fails instead of being sent twice.
      if (
        retryReset &&
        wire.method === "GET" &&
        req.reusedSocket &&
        (err as NodeJS.ErrnoException).code === "ECONNRESET"
      )
        resolve(send(url, headers, wire, false));
      else reject(err);
    }
    req.on("error", fail);
    req.end(wire.body);
  });
}

/** One HTTP exchange with Graph as a client span: method, host, path (not the query: it may hold search terms), status. */
function tracedSend(
  url: URL,
  headers: Record<string, string>,
  req: GraphRequest,
  attempt: number,
  wire: Wire,
): Promise<Response> {
  const attributes = {
    "http.request.method": wire.method,
    "server.address": url.hostname,
    "url.path": url.pathname,
    "graph.identity": isApp(req) ? "app" : "delegated",
    "graph.attempt": attempt,
  };
  return inSpan("graph.request", { kind: SpanKind.CLIENT, attributes }, async (span) => {
    const res = await send(url, headers, wire);
    span.setAttribute("http.response.status_code", res.status);
    if (res.status >= 400) span.setAttribute("error.type", String(res.status));
    return res;
  });
}

function retryAfterSeconds(res: Response, cap = MAX_WAIT_SECONDS): number {
  const raw = res.headers.get("retry-after");
  const n = raw === null ? NaN : Number(raw);
  const seconds = Number.isFinite(n) ? n : raw ? (Date.parse(raw) - Date.now()) / 1000 : 1;
  return Math.min(cap, Math.max(0, Number.isFinite(seconds) ? seconds : 1));
}

const isWrite = (req: GraphRequest) => (req.method ?? "GET") !== "GET";

function wireOf(req: GraphRequest): { wire: Wire; headers: Record<string, string> } {
  if (!isWrite(req)) return { wire: GET, headers: {} };
  const body = req.body === undefined ? undefined : Buffer.from(JSON.stringify(req.body), "utf8");
  return {
    wire: { method: req.method!, body },
    headers: body
      ? { "content-type": "application/json", "content-length": String(body.length) }
      : { "content-length": "0" },
  };
}

/** Decodes `claims="<base64>"` from a Graph 401 (CAE / conditional access), if present. */
function claimsChallenge(res: Response): string | undefined {
  const header = res.headers.get("www-authenticate") ?? "";
  if (!/error="insufficient_claims"/i.test(header)) return undefined;
  const m = /claims="([^"]+)"/i.exec(header);
  return m ? Buffer.from(m[1], "base64").toString("utf8") : undefined;
}

export async function graphFetch(req: GraphRequest, claims?: string, fresh = false): Promise<Response> {
  const url = graphUrl(req.path);
  const authorization = await authorizationFor(req, claims, fresh);
  const { wire, headers } = wireOf(req);
  for (let attempt = 0; ; attempt++) {
    let res: Response;
    try {
      res = await tracedSend(url, { ...req.headers, ...headers, authorization }, req, attempt, wire);
    } catch (cause) {
      throw new AppError("ERR_GRAPH_UNAVAILABLE", {}, { cause });
    }
    if (res.ok) return res;
    if ((res.status === 429 || res.status === 503 || res.status === 504) && attempt < MAX_RETRIES && !isWrite(req)) {
      const wait = retryAfterSeconds(res);
      await res.body?.cancel();
      await sleep(wait * 1000);
      continue;
    }
    const challenge = res.status === 401 ? claimsChallenge(res) : undefined;
    if (challenge && !claims && !isApp(req)) {
      // One round with the claims: a fresh OBO token (bypassing the cache); Entra decides if the user must step up.
      await res.body?.cancel();
      return graphFetch(req, challenge);
    }
    if (res.status === 401 && !challenge && !claims && !fresh && !isApp(req)) {
      // Graph refused a token our cache still thought valid (clocks apart, token revoked): exchange once more.
      await res.body?.cancel();
      return graphFetch(req, undefined, true);
    }
    return fail(req, res);
  }
}

async function fail(req: GraphRequest, res: Response): Promise<never> {
  const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
  const graphCode = body.error?.code;
  const entry = { status: res.status, graphCode, path: graphUrl(req.path).pathname };
  const waitCap = isWrite(req) ? MAX_WRITE_WAIT_SECONDS : MAX_WAIT_SECONDS;
  switch (res.status) {
    case 429:
      throw new AppError("ERR_GRAPH_THROTTLED", { retryAfterSeconds: retryAfterSeconds(res, waitCap) });
    case 503:
    case 504:
      throw new AppError("ERR_GRAPH_UNAVAILABLE", { retryAfterSeconds: retryAfterSeconds(res, waitCap) });
    case 412:
      throw new AppError("ERR_PRECONDITION_FAILED");
    case 401: {
      const claims = claimsChallenge(res);
      if (claims && !isApp(req)) throw new AppError("ERR_OBO_CLAIMS_CHALLENGE", { claims });
      log.error(
        entry,
        `graph: refused our ${isApp(req) ? "app-only" : "OBO"} token (check the Graph base URL and the token's audience)`,
      );
      throw new AppError("ERR_OBO_MISCONFIGURED");
    }
    case 403:
      if (isApp(req))
        log.error(
          entry,
          "graph: forbidden for the backend's app-only token (grant the application permission, e.g. User.Read.All, with admin consent)",
        );
      else log.info(entry, "graph: forbidden");
      throw new AppError("ERR_GRAPH_FORBIDDEN");
    case 404:
      throw new AppError("ERR_NOT_FOUND");
    case 400:
      log.warn(entry, "graph: bad request");
      throw new AppError("ERR_BAD_REQUEST");
    default:
      log.warn(entry, "graph: unexpected status");
      throw new AppError("ERR_GRAPH_UNAVAILABLE");
  }
}

export async function graphJson<T>(req: GraphRequest): Promise<T> {
  const res = await graphFetch(req);
  return (await res.json()) as T;
}
