// /{tenant}/oauth2/v2.0/authorize (GET and POST) and /adminconsent: validation in the order of spec §3.2.
// Steps 1-3 fail on an error page; later failures are redirected to the client. The sign-in itself
// continues in flow.ts.
import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Application } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { formParams, type Request } from "../http.ts";
import { parseClaims } from "./claims.ts";
import { redirectPlatform, tenantAndClient, type Platform, type TenantPath } from "./directory.ts";
import { aadsts, AadstsError, faultError } from "./errors.ts";
import { PENDING_LIFETIME_SECONDS, proceed } from "./flow.ts";
import { redirectError, showErrorPage, type RedirectTarget } from "./respond.ts";
import { parseScopes } from "./scopes.ts";
import { browserBinding } from "./session-cookie.ts";
import { identityState, type AuthorizeParams, type Pending } from "./state.ts";

type PageOutcome = { tenant: TenantPath; client: Application; redirectUri: string; platform: Platform } | AadstsError;

/** Steps 1-3: tenant, client, redirect URI. Their errors are shown, never redirected. */
function pageChecks(ctx: EmulatorContext, segment: string, q: URLSearchParams): PageOutcome {
  const found = tenantAndClient(ctx.config, segment, q.get("client_id"));
  if (found instanceof AadstsError) return found;
  const { tenant, client } = found;
  const requested = q.get("redirect_uri");
  // Without redirect_uri Entra picks a registered one (web first).
  const redirectUri =
    requested ?? client.web.redirectUris[0] ?? client.spa.redirectUris[0] ?? client.publicClient.redirectUris[0];
  const platform = redirectUri ? redirectPlatform(client, redirectUri) : undefined;
  if (!redirectUri || !platform) return aadsts(50011, { redirectUri: requested ?? "", appId: client.appId });
  return { tenant, client, redirectUri, platform };
}

const RESPONSE_MODES = ["query", "fragment", "form_post"] as const;
type ResponseMode = (typeof RESPONSE_MODES)[number];

function responseModeOf(q: URLSearchParams, types: Set<string>): ResponseMode {
  const requested = q.get("response_mode");
  if (requested && (RESPONSE_MODES as readonly string[]).includes(requested)) return requested as ResponseMode;
  return types.has("id_token") || types.has("token") ? "fragment" : "query";
}

type Check = (
  q: URLSearchParams,
  client: Application,
  platform: Platform,
  types: Set<string>,
) => AadstsError | undefined;

/** Step 4: request errors, redirected in the requested response_mode. */
const REQUEST_CHECKS: Array<[string, Check]> = [
  ["response_type present", (q) => (q.get("response_type") ? undefined : aadsts(900144, { name: "response_type" }))],
  [
    "response_type known",
    (q, _c, _p, types) =>
      [...types].every((t) => ["code", "id_token", "token"].includes(t))
        ? undefined
        : aadsts(70005, { responseType: q.get("response_type")! }),
  ],
  [
    "response_mode valid",
    (q, c, _p, types) => {
      const mode = q.get("response_mode");
      if (mode && !(RESPONSE_MODES as readonly string[]).includes(mode))
        return aadsts(70007, { appName: c.displayName, responseMode: mode });
      if (mode === "query" && (types.has("id_token") || types.has("token")))
        return aadsts(70007, { appName: c.displayName, responseMode: mode });
      return undefined;
    },
  ],
  [
    "id_token enabled",
    (_q, c, _p, types) =>
      types.has("id_token") && !c.web.implicitGrantSettings.enableIdTokenIssuance ? aadsts(700054) : undefined,
  ],
  [
    "token enabled",
    (_q, c, _p, types) =>
      types.has("token") && !c.web.implicitGrantSettings.enableAccessTokenIssuance
        ? aadsts(70005, { responseType: "token" })
        : undefined,
  ],
  [
    "nonce for id_token",
    (q, _c, _p, types) => (types.has("id_token") && !q.get("nonce") ? aadsts(900144, { name: "nonce" }) : undefined),
  ],
  ["scope present", (q) => (q.get("scope") ? undefined : aadsts(900144, { name: "scope" }))],
  [
    "code_challenge_method",
    (q) => {
      const method = q.get("code_challenge_method");
      return q.get("code_challenge") && method && method !== "S256" && method !== "plain" ? aadsts(501491) : undefined;
    },
  ],
  [
    "code_challenge size",
    (q) => {
      const challenge = q.get("code_challenge");
      if (!challenge) return undefined;
      const s256 = (q.get("code_challenge_method") ?? "plain") === "S256";
      return (s256 ? challenge.length === 43 : challenge.length >= 43 && challenge.length <= 128)
        ? undefined
        : aadsts(50147);
    },
  ],
  [
    "PKCE for SPA",
    (q, _c, platform, types) =>
      platform === "spa" && types.has("code") && !q.get("code_challenge") ? aadsts(9002325) : undefined,
  ],
];

export async function handleAuthorize(
  ctx: EmulatorContext,
  segment: string,
  req: Request,
  res: ServerResponse,
): Promise<void> {
  const q = formParams(req);
  const correlationId = q.get("client-request-id") ?? undefined;
  const page = pageChecks(ctx, segment, q);
  if (page instanceof AadstsError) return showErrorPage(ctx, res, page, q.get("client_id") ?? undefined, correlationId);
  const { tenant, client, redirectUri, platform } = page;

  const types = new Set((q.get("response_type") ?? "").split(" ").filter(Boolean));
  const target: RedirectTarget = {
    redirectUri,
    responseMode: responseModeOf(q, types),
    state: q.get("state") ?? undefined,
    clientId: client.appId,
  };
  const fault = ctx.faults.take("authorize", client.appId);
  if (fault) return redirectError(ctx, res, target, faultError(fault), correlationId);
  for (const [, check] of REQUEST_CHECKS) {
    const err = check(q, client, platform, types);
    if (err) return redirectError(ctx, res, target, err, correlationId);
  }
  try {
    parseScopes(ctx, q.get("scope"));
  } catch (err) {
    if (err instanceof AadstsError) return redirectError(ctx, res, target, err, correlationId);
    throw err;
  }

  const params: AuthorizeParams = {
    clientId: client.appId,
    redirectUri,
    platform,
    responseTypes: types,
    responseMode: target.responseMode,
    scope: q.get("scope")!,
    state: target.state,
    nonce: q.get("nonce") ?? undefined,
    codeChallenge: q.get("code_challenge") ?? undefined,
    codeChallengeMethod: q.get("code_challenge")
      ? ((q.get("code_challenge_method") ?? "plain") as "S256" | "plain")
      : undefined,
    prompt: q.get("prompt") ?? undefined,
    loginHint: q.get("login_hint") ?? undefined,
    sid: q.get("sid") ?? undefined,
    claims: parseClaims(q.get("claims")),
    clientInfo: q.get("client_info") === "1",
  };
  return startFlow(ctx, req, res, tenant, "authorize", params);
}

export function startFlow(
  ctx: EmulatorContext,
  req: Request,
  res: ServerResponse,
  tenant: TenantPath,
  kind: Pending["kind"],
  params: AuthorizeParams,
  extra: Partial<Pending> = {},
): Promise<void> {
  const state = identityState(ctx);
  const browser = browserBinding(req);
  const pending: Pending = {
    ...extra,
    id: randomUUID(),
    browserId: browser.id,
    kind,
    tenantSegment: tenant.segment,
    tenantId: tenant.tenantId,
    params,
    forceLogin: params.prompt === "login" || params.prompt === "create",
    accountChosen: false,
    signedInHere: false,
    consentDone: false,
    createdAt: ctx.clock.now(),
  };
  for (const [id, old] of state.pending)
    if (ctx.clock.now() - old.createdAt > PENDING_LIFETIME_SECONDS) state.pending.delete(id);
  state.pending.set(pending.id, pending);
  return proceed(ctx, req, res, pending, browser.cookie ? [browser.cookie] : []);
}

/** /{tenant}/adminconsent and /{tenant}/v2.0/adminconsent: an admin grants the client's static permissions tenant-wide. */
export async function handleAdminConsent(
  ctx: EmulatorContext,
  segment: string,
  req: Request,
  res: ServerResponse,
): Promise<void> {
  const q = req.url.searchParams;
  const page = pageChecks(ctx, segment, q);
  if (page instanceof AadstsError) return showErrorPage(ctx, res, page, q.get("client_id") ?? undefined);
  const { tenant, client, redirectUri, platform } = page;
  const params: AuthorizeParams = {
    clientId: client.appId,
    redirectUri,
    platform,
    responseTypes: new Set(),
    responseMode: "query",
    scope: q.get("scope") ?? "",
    state: q.get("state") ?? undefined,
    loginHint: q.get("login_hint") ?? undefined,
    clientInfo: false,
  };
  return startFlow(ctx, req, res, tenant, "adminconsent", params);
}
