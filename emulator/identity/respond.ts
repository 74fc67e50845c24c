// How /authorize answers the client: a redirect in the requested response_mode, or a page that is never
// redirected (bad tenant, client or redirect URI).
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { redirect, sendHtml } from "../http.ts";
import { errorFields, type AadstsError } from "./errors.ts";
import { errorPage, formPostPage } from "./pages.ts";
import type { Pending } from "./state.ts";

export interface RedirectTarget {
  redirectUri: string;
  responseMode: "query" | "fragment" | "form_post";
  state?: string;
  clientId?: string;
}

/** Where the answer to a pending /authorize request goes. */
export const targetOf = (p: Pending): RedirectTarget => ({
  redirectUri: p.params.redirectUri,
  responseMode: p.params.responseMode,
  state: p.params.state,
  clientId: p.params.clientId,
});

export function redirectWith(
  res: ServerResponse,
  target: RedirectTarget,
  fields: Record<string, string | undefined>,
  cookies: string[] = [],
): void {
  const params: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) params[k] = v;
  if (target.state !== undefined) params.state = target.state;
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  if (target.responseMode === "form_post") return sendHtml(res, 200, formPostPage(target.redirectUri, params));
  const url = new URL(target.redirectUri);
  const encoded = new URLSearchParams(params);
  if (target.responseMode === "fragment") {
    url.hash = encoded.toString();
  } else {
    for (const [k, v] of encoded) url.searchParams.append(k, v);
  }
  redirect(res, url.toString());
}

export function redirectError(
  ctx: EmulatorContext,
  res: ServerResponse,
  target: RedirectTarget,
  err: AadstsError,
  correlationId?: string,
  user?: string,
): void {
  ctx.events.record("error", {
    clientId: target.clientId,
    user,
    data: { code: err.code, error: err.error, endpoint: "authorize" },
  });
  const f = errorFields(ctx, err, correlationId);
  redirectWith(res, target, {
    error: f.error,
    error_description: f.error_description,
    error_uri: f.error_uri,
    suberror: f.suberror,
    claims: f.claims,
    trace_id: f.trace_id,
    correlation_id: f.correlation_id,
    timestamp: f.timestamp,
  });
}

export function showErrorPage(
  ctx: EmulatorContext,
  res: ServerResponse,
  err: AadstsError,
  clientId?: string,
  correlationId?: string,
): void {
  ctx.events.record("error", {
    clientId,
    data: { code: err.code, error: err.error, endpoint: "authorize", page: true },
  });
  const f = errorFields(ctx, err, correlationId);
  sendHtml(
    res,
    400,
    errorPage(ctx, err.code, err.text, {
      traceId: f.trace_id,
      correlationId: f.correlation_id,
      timestamp: f.timestamp,
    }),
  );
}
