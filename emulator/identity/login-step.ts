// POST /{tenant}/login: what the sign-in, account picker, MFA, device and consent pages post back. Each
// answer updates the pending request and re-enters proceed() (flow.ts), which shows the next page.
import type { ServerResponse } from "node:http";
import { stableGuid } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { formParams, parseCookies, sendHtml, type Request } from "../http.ts";
import { applyAdminConsent, applyConsent } from "./consent.ts";
import { findApp, findUser } from "./directory.ts";
import { aadsts, type AadstsError } from "./errors.ts";
import { declineDevice } from "./device-result.ts";
import { PENDING_LIFETIME_SECONDS, proceed } from "./flow.ts";
import { signInPage } from "./pages.ts";
import { redirectError, showErrorPage, targetOf } from "./respond.ts";
import { BROWSER_COOKIE, cookieSessions, sessionCookie } from "./session-cookie.ts";
import { identityState, type IdentityState, type Pending } from "./state.ts";

const MFA_CODE = "123456";

/** A page's answer posted to /{tenant}/login, for the pending request `p`. */
type LoginStep = (
  ctx: EmulatorContext,
  state: IdentityState,
  req: Request,
  res: ServerResponse,
  p: Pending,
  form: URLSearchParams,
) => Promise<void>;

/** POST /{tenant}/login: the sign-in, account picker, MFA and consent pages post here. */
export async function handleLoginStep(ctx: EmulatorContext, req: Request, res: ServerResponse): Promise<void> {
  const state = identityState(ctx);
  const form = formParams(req);
  const browserId = parseCookies(req)[BROWSER_COOKIE];
  const p = state.pending.get(form.get("ctx") ?? "");
  if (!p || !browserId || browserId !== p.browserId || ctx.clock.now() - p.createdAt > PENDING_LIFETIME_SECONDS) {
    return showErrorPage(ctx, res, aadsts(50089));
  }
  switch (form.get("step")) {
    case "signin":
      return signIn(ctx, state, req, res, p, form);
    case "select": {
      const choice = form.get("session");
      if (choice === "other") p.forceLogin = true;
      else if (choice && cookieSessions(state, req).some((s) => s.id === choice)) p.sessionId = choice;
      p.accountChosen = true;
      return proceed(ctx, req, res, p, []);
    }
    case "mfa": {
      const session = p.sessionId ? state.sessions.get(p.sessionId) : undefined;
      if (session && form.get("otc") === MFA_CODE) {
        session.amr = ["pwd", "mfa"];
        return proceed(ctx, req, res, p, []);
      }
      return proceed(
        ctx,
        req,
        res,
        p,
        [],
        "AADSTS50074: Strong Authentication is required. The code you entered is not correct; try again.",
      );
    }
    case "consent":
      return consentStep(ctx, state, req, res, p, form);
    case "device":
      if (!form.has("continue")) return declineDevice(ctx, res, p);
      p.deviceConfirmed = true;
      return proceed(ctx, req, res, p, []);
    default:
      return showErrorPage(ctx, res, aadsts(900144, { name: "step" }));
  }
}

const CONSUMER_DOMAINS = new Set(["outlook.com", "hotmail.com", "live.com", "msn.com"]);

/** A name of this tenant's domains that matches no user: 50034; an account of another directory: 50020. */
function unknownAccount(
  ctx: EmulatorContext,
  username: string,
  client: { appId: string; displayName: string },
): AadstsError {
  const domain = username.includes("@") ? username.slice(username.lastIndexOf("@") + 1).toLowerCase() : "";
  const { tenant } = ctx.config;
  if (!domain || tenant.domains.some((d) => d.toLowerCase() === domain))
    return aadsts(50034, { user: username, tenant: tenant.domains[0] });
  const idp = CONSUMER_DOMAINS.has(domain) ? "live.com" : `https://sts.windows.net/${stableGuid(`tenant:${domain}`)}/`;
  return aadsts(50020, {
    user: username,
    idp,
    tenant: tenant.displayName,
    appId: client.appId,
    appName: client.displayName,
  });
}

const signIn: LoginStep = async (ctx, state, req, res, p, form) => {
  const username = (form.get("username") ?? "").trim();
  const user = findUser(ctx.config, username);
  const retry = (err: AadstsError) => {
    ctx.events.record("error", {
      clientId: p.params.clientId,
      user: user?.oid,
      data: { code: err.code, endpoint: "login" },
    });
    const client = findApp(ctx.config, p.params.clientId)!;
    sendHtml(
      res,
      200,
      signInPage(ctx, p.tenantSegment, p.id, {
        username,
        appName: client.displayName,
        error: `AADSTS${err.code}: ${err.text}`,
      }),
    );
  };
  if (!user) return retry(unknownAccount(ctx, username, findApp(ctx.config, p.params.clientId)!));
  if (form.get("password") !== user.password) return retry(aadsts(50126));
  if (!user.accountEnabled) return retry(aadsts(50057));
  const session = state.newSession(user.oid, ["pwd"]);
  ctx.events.record("sign_in", { user: user.oid, clientId: p.params.clientId });
  const others = cookieSessions(state, req).filter((s) => s.userOid !== user.oid);
  p.sessionId = session.id;
  p.signedInHere = true;
  p.forceLogin = false;
  p.accountChosen = true;
  return proceed(ctx, req, res, p, [sessionCookie([...others, session])]);
};

const consentStep: LoginStep = async (ctx, state, req, res, p, form) => {
  const session = p.sessionId ? state.sessions.get(p.sessionId) : undefined;
  const user = session ? findUser(ctx.config, session.userOid) : undefined;
  if (!user || !p.consentItems) return showErrorPage(ctx, res, aadsts(50089));
  const client = findApp(ctx.config, p.params.clientId)!;
  if (form.has("accept")) {
    if (p.kind === "adminconsent") applyAdminConsent(state, ctx, client, user);
    else applyConsent(state, user, p.consentItems, p.params.prompt === "consent" && user.isAdmin);
    ctx.events.record("consent_granted", {
      user: user.oid,
      clientId: client.appId,
      data: {
        items: p.consentItems.map((i) => ({ client: i.clientAppId, resource: i.resourceAppId, scope: i.scope })),
      },
    });
    p.consentDone = true;
    return proceed(ctx, req, res, p, []);
  }
  if (p.kind === "device") return declineDevice(ctx, res, p, user.oid);
  ctx.events.record("consent_declined", { user: user.oid, clientId: client.appId });
  state.pending.delete(p.id);
  return redirectError(ctx, res, targetOf(p), aadsts(65004), undefined, user.oid);
};
