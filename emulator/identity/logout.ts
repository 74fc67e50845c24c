// /{tenant}/oauth2/v2.0/logout (spec §8): ends the browser's IdP sessions (or the hinted user's among them), tells
// the other apps that signed in through them (front-channel logout: their registered logoutUrl, loaded
// in hidden iframes with `?sid=`, the way Entra does it, without `iss`), then returns to a registered
// post_logout_redirect_uri or shows the signed-out page. Refresh tokens survive.
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { formParams, redirect, sendHtml, type Request } from "../http.ts";
import { allRedirectUris, findApp, findUser } from "./directory.ts";
import { matchesAny } from "./redirect-uri.ts";
import { frontChannelLogoutPage, signedOutPage } from "./pages.ts";
import { cookieSessions, sessionCookie } from "./session-cookie.ts";
import { identityState, type Session } from "./state.ts";
import { userFromLoginHint } from "./tokens.ts";

function audOf(idToken: string | null): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(idToken?.split(".")[1] ?? "", "base64url").toString("utf8")) as {
      aud?: string;
    };
    return payload.aud;
  } catch {
    return undefined;
  }
}

/** The front-channel logout URLs to load: every app that signed in through an ended session, but the one signing out. */
function frontChannelUrls(ctx: EmulatorContext, ended: Session[], initiator: string | undefined): string[] {
  const urls: string[] = [];
  for (const session of ended) {
    for (const appId of session.clients) {
      const logoutUrl = appId === initiator ? undefined : findApp(ctx.config, appId)?.web.logoutUrl;
      if (!logoutUrl) continue;
      const url = new URL(logoutUrl);
      url.searchParams.set("sid", session.sid);
      urls.push(url.toString());
      ctx.events.record("frontchannel_logout", {
        user: session.userOid,
        clientId: appId,
        data: { url: url.toString() },
      });
    }
  }
  return urls;
}

export function handleLogout(ctx: EmulatorContext, req: Request, res: ServerResponse): void {
  const q = formParams(req);
  const state = identityState(ctx);
  const inCookie = cookieSessions(state, req);
  const hint = q.get("logout_hint");
  const hinted = hint ? (findUser(ctx.config, userFromLoginHint(hint)) ?? findUser(ctx.config, hint)) : undefined;
  // As at Entra, the hint only picks among this browser's sessions: a request without the IdP cookie
  // ends nothing (and names no sid), whoever it names.
  const ended = hinted ? inCookie.filter((s) => s.userOid === hinted.oid) : inCookie;
  for (const s of ended) {
    s.active = false;
    ctx.events.record("logout", { user: s.userOid, clientId: q.get("client_id") ?? undefined, data: { sid: s.sid } });
  }
  if (ended.length === 0)
    ctx.events.record("logout", { clientId: q.get("client_id") ?? undefined, data: { sessions: 0 } });
  const remaining = inCookie.filter((s) => s.active);
  const cookie = sessionCookie(remaining);

  const target = q.get("post_logout_redirect_uri");
  const clientId = q.get("client_id") ?? audOf(q.get("id_token_hint"));
  const client = findApp(ctx.config, clientId);
  const notify = frontChannelUrls(ctx, ended, client?.appId);
  const registered = client ? allRedirectUris(client) : ctx.config.applications.flatMap(allRedirectUris);
  let next: string | undefined;
  if (target && matchesAny(registered, target)) {
    const url = new URL(target);
    if (q.get("state")) url.searchParams.set("state", q.get("state")!);
    next = url.toString();
  }
  if (notify.length) return sendHtml(res, 200, frontChannelLogoutPage(ctx, notify, next), { "Set-Cookie": cookie });
  if (next) return redirect(res, next, { "Set-Cookie": cookie });
  res.setHeader("Set-Cookie", cookie);
  sendHtml(
    res,
    200,
    signedOutPage(
      ctx,
      target ? `The address ${target} is not a registered redirect URI, so you were not sent back to it.` : undefined,
    ),
  );
}
