// Graph's error envelope. Codes and messages copy what graph.microsoft.com answers, because clients
// (the Graph SDKs, our lib/graph) switch on `error.code` and retry on 429/503 with Retry-After.
import type { ServerResponse } from "node:http";
import { GRAPH_APP_ID } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { sendJson } from "../http.ts";

export type GraphErrorCode =
  | "InvalidAuthenticationToken"
  | "Authorization_RequestDenied"
  | "BadRequest"
  | "Request_BadRequest"
  | "Request_UnsupportedQuery"
  | "Request_ResourceNotFound"
  | "ImageNotFound"
  | "ErrorAccessDenied"
  | "ErrorItemNotFound"
  | "ErrorInvalidIdMalformed"
  | "ErrorIrresolvableConflict"
  | "RequestBodyRead"
  | "TooManyRequests"
  | "ServiceUnavailable"
  | "UnknownError";

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: GraphErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// What graph.microsoft.com sends with every 401 (no error= parameter unless it is a claims challenge).
export const WWW_AUTHENTICATE = `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`;

export const unauthenticated = (message: string) =>
  new GraphError(401, "InvalidAuthenticationToken", message, { "WWW-Authenticate": WWW_AUTHENTICATE });
/** CAE (spec §7): 401 insufficient_claims asking for a token issued after the revocation. */
export function caeChallenge(revokedAt: number): GraphError {
  const claims = Buffer.from(
    JSON.stringify({ access_token: { nbf: { essential: true, value: String(revokedAt) } } }),
  ).toString("base64");
  return new GraphError(
    401,
    "InvalidAuthenticationToken",
    "Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp",
    {
      "WWW-Authenticate": `${WWW_AUTHENTICATE}, error="insufficient_claims", claims="${claims}"`,
    },
  );
}
export const forbidden = () =>
  new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
/** What Exchange-backed workloads (To Do, mail) answer when the token lacks the permission. */
export const accessDenied = () =>
  new GraphError(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");
export const unsupportedQuery = (message: string) => new GraphError(400, "Request_UnsupportedQuery", message);
export const userNotFound = (id: string) =>
  new GraphError(
    404,
    "Request_ResourceNotFound",
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );

const FAULT_CODES: Record<number, [GraphErrorCode, string]> = {
  429: ["TooManyRequests", "Too many requests."],
  503: ["ServiceUnavailable", "The service is temporarily unavailable. Please retry later."],
};

export function faultError(status: number, retryAfterSeconds?: number): GraphError {
  const [code, message] =
    FAULT_CODES[status] ??
    (status === 401 ? ["InvalidAuthenticationToken", "Access token validation failure."] : ["UnknownError", ""]);
  const headers: Record<string, string> =
    retryAfterSeconds !== undefined ? { "Retry-After": String(retryAfterSeconds) } : {};
  if (status === 401) headers["WWW-Authenticate"] = WWW_AUTHENTICATE;
  return new GraphError(status, code, message, headers);
}

export function sendGraphError(ctx: EmulatorContext, res: ServerResponse, err: GraphError): void {
  const date = new Date(ctx.clock.nowMs()).toISOString().slice(0, 19);
  const body = {
    error: {
      code: err.code,
      message: err.message,
      innerError: {
        date,
        "request-id": String(res.getHeader("request-id") ?? ""),
        "client-request-id": String(res.getHeader("client-request-id") ?? ""),
      },
    },
  };
  sendJson(res, err.status, body, err.headers);
}
