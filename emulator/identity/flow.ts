// The interactive part of /authorize: pick or sign in the account, MFA, consent, then the code.
// proceed() is re-entered after every page the browser posts back to /{tenant}/login.
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
import { identityState, type IdentityState, type Pending } from "./state.ts";

export const PENDING_LIFETIME_SECONDS = 3600;

function html(res: ServerResponse, body: string, cookies: string[]): void {
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  sendHtml(res, 200, body);
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
  const target = targetOf(p);
  const silent = p.params.prompt === "none";
  const fail = (err: AadstsError, user?: string) => {
    state.pending.delete(p.id);
    return redirectError(ctx, res, target, err, undefined, user);
  };

  let session = p.sessionId ? state.sessions.get(p.sessionId) : undefined;
  if (!session?.active) {
    const sessions = cookieSessions(state, req);
    const selection = selectAccount(ctx, sessions, p);
    if ("error" in selection) return fail(selection.error);
    if ("page" in selection && selection.page === "picker") {
      return html(res, accountPickerPage(ctx, p.tenantSegment, p.id, pickerAccounts(ctx, sessions)), cookies);
    }
    if ("page" in selection) {
      return html(
        res,
        signInPage(ctx, p.tenantSegment, p.id, {
          username: selection.username,
          appName: client.displayName,
          error: pageError,
        }),
        cookies,
      );
    }
    session = selection.session;
    p.sessionId = session.id;
  }
  const user = findUser(ctx.config, session.userOid)!;

  const parsed = parseScopes(ctx, p.params.scope);
  if (
    p.kind !== "adminconsent" &&
    needsMfa(
      user,
      parsed.resources.map((r) => r.app.appId),
      p.params.claims,
      session.amr,
    )
  ) {
    if (silent)
      return fail(
        aadsts(50076, { resource: parsed.resources[0]?.app.appId ?? "" }, { error: "interaction_required" }),
        user.oid,
      );
    ctx.events.record("mfa_prompt", { user: user.oid, clientId: client.appId });
    return html(res, mfaPage(ctx, p.tenantSegment, p.id, { upn: user.userPrincipalName, error: pageError }), cookies);
  }

  if (p.kind === "device" && !p.deviceConfirmed) {
    return html(
      res,
      deviceConfirmPage(ctx, p.tenantSegment, p.id, { appName: client.displayName, upn: user.userPrincipalName }),
      cookies,
    );
  }

  if (!p.consentDone) {
    const forced = p.params.prompt === "consent";
    const items = consentItemsFor(ctx, state, p, user, client, parsed);
    if (items instanceof AadstsError) return showErrorPage(ctx, res, items, client.appId);
    if (items.length) {
      if (silent)
        return fail(
          aadsts(
            65001,
            { appId: client.appId, appName: client.displayName },
            { error: "consent_required", suberror: null },
          ),
          user.oid,
        );
      if (items.some((i) => i.adminOnly) && !user.isAdmin) return showErrorPage(ctx, res, aadsts(90094), client.appId);
      p.consentItems = items;
      ctx.events.record("consent_prompt", {
        user: user.oid,
        clientId: client.appId,
        data: { items: items.map((i) => ({ client: i.clientAppId, resource: i.resourceAppId, scope: i.scope })) },
      });
      const tenantWide = p.kind === "adminconsent" || (forced && user.isAdmin);
      return html(
        res,
        consentPage(ctx, p.tenantSegment, p.id, {
          appName: client.displayName,
          upn: user.userPrincipalName,
          items,
          tenantWide,
        }),
        cookies,
      );
    }
  }

  if (!p.signedInHere) ctx.events.record("sso", { user: user.oid, clientId: client.appId });
  state.pending.delete(p.id);
  if (p.kind === "device") return approveDevice(ctx, res, p, session, user, cookies);
  if (p.kind === "adminconsent") {
    return redirectWith(
      res,
      target,
      { admin_consent: "True", tenant: p.tenantId, scope: p.params.scope || undefined },
      cookies,
    );
  }
  return succeed(ctx, state, res, p, session, user, cookies);
}
