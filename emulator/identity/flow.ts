// The interactive part of /authorize: pick or sign in the account, MFA, consent, then the code.
// proceed() is re-entered after every page the browser posts back to /{tenant}/login (login-step.ts).
import type { ServerResponse } from "node:http";
import type { Application, User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { sendHtml, type Request } from "../http.ts";
import { pickerAccounts, selectAccount } from "./account-selection.ts";
import { succeed } from "./authorize-response.ts";
import { needsMfa } from "./claims.ts";
import { planAdminConsent, planConsent, type ConsentItem } from "./consent.ts";
import { findApp, findUser } from "./directory.ts";
import { aadsts, AadstsError } from "./errors.ts";
import { approveDevice } from "./device-result.ts";
import { accountPickerPage, consentPage, deviceConfirmPage, mfaPage, signInPage } from "./pages.ts";
import { redirectError, redirectWith, showErrorPage, targetOf } from "./respond.ts";
import { parseScopes, type ParsedScopes } from "./scopes.ts";
import { cookieSessions } from "./session-cookie.ts";
import { identityState, type IdentityState, type Pending, type Session } from "./state.ts";

export const PENDING_LIFETIME_SECONDS = 3600;

/** One pass of proceed(): the pending request, where its answer goes and what every step reads. */
interface Pass {
  ctx: EmulatorContext;
  state: IdentityState;
  req: Request;
  res: ServerResponse;
  p: Pending;
  client: Application;
  /** Set-Cookie values this pass's answer carries. */
  cookies: string[];
  /** An error for the page this pass shows (a wrong MFA code). */
  pageError?: string;
  /** prompt=none: where a page would be shown, an error is redirected instead. */
  silent: boolean;
}

/** A pass past account selection: the session it continues in, its user and the scopes requested. */
interface SignedIn extends Pass {
  session: Session;
  user: User;
  parsed: ParsedScopes;
}

/** A step before the answer: true when it has answered the browser (a page or an error), ending the pass. */
type Checkpoint = (s: SignedIn) => boolean;

export async function proceed(
  ctx: EmulatorContext,
  req: Request,
  res: ServerResponse,
  p: Pending,
  cookies: string[],
  pageError?: string,
): Promise<void> {
  const state = identityState(ctx);
  const client = findApp(ctx.config, p.params.clientId)!;
  const pass: Pass = { ctx, state, req, res, p, client, cookies, pageError, silent: p.params.prompt === "none" };
  const session = activeSession(pass) ?? chooseSession(pass);
  if (!session) return;
  const user = findUser(ctx.config, session.userOid)!;
  const signedIn: SignedIn = { ...pass, session, user, parsed: parseScopes(ctx, p.params.scope) };
  for (const checkpoint of CHECKPOINTS) if (checkpoint(signedIn)) return;
  return answer(signedIn);
}

/** What may stop a signed-in pass before its answer, in this order. */
const CHECKPOINTS: Checkpoint[] = [askMfa, confirmDevice, askConsent];

/** The session an earlier pass chose, while it is still signed in. */
function activeSession({ state, p }: Pass): Session | undefined {
  const session = p.sessionId ? state.sessions.get(p.sessionId) : undefined;
  return session?.active ? session : undefined;
}

/** The session account selection picks; undefined when it answered instead (a page or an error). */
function chooseSession(s: Pass): Session | undefined {
  const { ctx, p } = s;
  const sessions = cookieSessions(s.state, s.req);
  const selection = selectAccount(ctx, sessions, p);
  if ("error" in selection) {
    fail(s, selection.error);
    return undefined;
  }
  if ("page" in selection) {
    show(
      s,
      selection.page === "picker"
        ? accountPickerPage(ctx, p.tenantSegment, p.id, pickerAccounts(ctx, sessions))
        : signInPage(ctx, p.tenantSegment, p.id, {
            username: selection.username,
            appName: s.client.displayName,
            error: s.pageError,
          }),
    );
    return undefined;
  }
  p.sessionId = selection.session.id;
  return selection.session;
}

/** MFA, unless the session has done it: asked by a claims challenge, or by an MFA user for Graph. */
function askMfa(s: SignedIn): boolean {
  const { ctx, p, user, parsed } = s;
  if (p.kind === "adminconsent") return false;
  const resourceAppIds = parsed.resources.map((r) => r.app.appId);
  if (!needsMfa(user, resourceAppIds, p.params.claims, s.session.amr)) return false;
  if (s.silent)
    return fail(
      s,
      aadsts(50076, { resource: parsed.resources[0]?.app.appId ?? "" }, { error: "interaction_required" }),
      user.oid,
    );
  ctx.events.record("mfa_prompt", { user: user.oid, clientId: s.client.appId });
  return show(s, mfaPage(ctx, p.tenantSegment, p.id, { upn: user.userPrincipalName, error: s.pageError }));
}

/** A device-code sign-in: the user confirms it is their device before anything is granted. */
function confirmDevice(s: SignedIn): boolean {
  const { ctx, p } = s;
  if (p.kind !== "device" || p.deviceConfirmed) return false;
  return show(
    s,
    deviceConfirmPage(ctx, p.tenantSegment, p.id, { appName: s.client.displayName, upn: s.user.userPrincipalName }),
  );
}

/** The permissions not granted yet: a consent page, or an error when it cannot be shown or given. */
function askConsent(s: SignedIn): boolean {
  const { ctx, p, user, client } = s;
  if (p.consentDone) return false;
  const items = consentItemsFor(ctx, s.state, p, user, client, s.parsed);
  if (items instanceof AadstsError) return errorPage(s, items);
  if (!items.length) return false;
  if (s.silent)
    return fail(
      s,
      aadsts(
        65001,
        { appId: client.appId, appName: client.displayName },
        { error: "consent_required", suberror: null },
      ),
      user.oid,
    );
  if (items.some((i) => i.adminOnly) && !user.isAdmin) return errorPage(s, aadsts(90094));
  p.consentItems = items;
  ctx.events.record("consent_prompt", {
    user: user.oid,
    clientId: client.appId,
    data: { items: items.map((i) => ({ client: i.clientAppId, resource: i.resourceAppId, scope: i.scope })) },
  });
  const tenantWide = p.kind === "adminconsent" || (p.params.prompt === "consent" && user.isAdmin);
  return show(
    s,
    consentPage(ctx, p.tenantSegment, p.id, {
      appName: client.displayName,
      upn: user.userPrincipalName,
      items,
      tenantWide,
    }),
  );
}

/** What the consent page must list; admin consent: the client's static permissions, application ones too. */
function consentItemsFor(
  ctx: EmulatorContext,
  state: IdentityState,
  p: Pending,
  user: User,
  client: Application,
  parsed: ParsedScopes,
): ConsentItem[] | AadstsError {
  if (p.kind !== "adminconsent") return planConsent(ctx, state, user, client, parsed, p.params.prompt === "consent");
  if (!user.isAdmin) return aadsts(90094);
  const plan = planAdminConsent(ctx, client);
  return [
    ...plan.delegated,
    ...plan.appRoles.map((r) => ({
      clientAppId: client.appId,
      resourceAppId: r.resource.appId,
      resourceName: r.resource.displayName,
      scope: r.value,
      description: `${r.description} (application permission)`,
      adminOnly: true,
    })),
  ];
}

/** Nothing left to ask: approve the device, return from admin consent, or issue the code and tokens. */
function answer(s: SignedIn): Promise<void> | void {
  const { ctx, state, res, p, session, user, cookies } = s;
  if (!p.signedInHere) ctx.events.record("sso", { user: user.oid, clientId: s.client.appId });
  state.pending.delete(p.id);
  if (p.kind === "device") return approveDevice(ctx, res, p, session, user, cookies);
  if (p.kind === "adminconsent") {
    return redirectWith(
      res,
      targetOf(p),
      { admin_consent: "True", tenant: p.tenantId, scope: p.params.scope || undefined },
      cookies,
    );
  }
  return succeed(ctx, state, res, p, session, user, cookies);
}

/** A page, with this pass's cookies. */
function show(s: Pass, body: string): true {
  if (s.cookies.length) s.res.setHeader("Set-Cookie", s.cookies);
  sendHtml(s.res, 200, body);
  return true;
}

/** An error redirected to the client, which ends the pending request. */
function fail(s: Pass, err: AadstsError, user?: string): true {
  s.state.pending.delete(s.p.id);
  redirectError(s.ctx, s.res, targetOf(s.p), err, undefined, user);
  return true;
}

/** An error on a page, never redirected. */
function errorPage(s: Pass, err: AadstsError): true {
  showErrorPage(s.ctx, s.res, err, s.client.appId);
  return true;
}
