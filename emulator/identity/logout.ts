// /{tenant}/oauth2/v2.0/logout (spec §8): ends the browser's IdP sessions (or the hinted user's), then
// returns to a registered post_logout_redirect_uri or shows the signed-out page. Refresh tokens survive.
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { formParams, redirect, sendHtml, type Request } from "../http.ts";
import { allRedirectUris, findApp, findUser } from "./directory.ts";
import { signedOutPage } from "./pages.ts";
import { cookieSessions, sessionCookie } from "./session-cookie.ts";
import { identityState } from "./state.ts";
import { userFromLoginHint } from "./tokens.ts";

function audOf(idToken: string | null): string | undefined {
  try {
    const payload = JSON.parse(Buffer.from(idToken?.split(".")[1] ?? "", "base64url").toString("utf8")) as { aud?: string };
    return payload.aud;
  } catch {
    return undefined;
  }
}

export function handleLogout(ctx: EmulatorContext, req: Request, res: ServerResponse): void {
  const q = formParams(req);
  const state = identityState(ctx);
  const inCookie = cookieSessions(state, req);
  const hint = q.get("logout_hint");
  const hinted = hint ? (findUser(ctx.config, userFromLoginHint(hint)) ?? findUser(ctx.config, hint)) : undefined;
  let ended = hinted ? inCookie.filter((s) => s.userOid === hinted.oid) : inCookie;
  if (hinted && ended.length === 0) ended = [...state.sessions.values()].filter((s) => s.active && s.userOid === hinted.oid);
  for (const s of ended) {
    s.active = false;
    ctx.events.record("logout", { user: s.userOid, clientId: q.get("client_id") ?? undefined, data: { sid: s.sid } });
  }
  if (ended.length === 0) ctx.events.record("logout", { clientId: q.get("client_id") ?? undefined, data: { sessions: 0 } });
  const remaining = inCookie.filter((s) => s.active);
  const cookie = sessionCookie(remaining);

  const target = q.get("post_logout_redirect_uri");
  const clientId = q.get("client_id") ?? audOf(q.get("id_token_hint"));
  const client = findApp(ctx.config, clientId);
  const registered = client ? allRedirectUris(client) : ctx.config.applications.flatMap(allRedirectUris);
  if (target && registered.includes(target)) {
    const url = new URL(target);
    if (q.get("state")) url.searchParams.set("state", q.get("state")!);
    return redirect(res, url.toString(), { "Set-Cookie": cookie });
  }
  res.setHeader("Set-Cookie", cookie);
  sendHtml(res, 200, signedOutPage(ctx, target ? `The address ${target} is not a registered redirect URI, so you were not sent back to it.` : undefined));
}
