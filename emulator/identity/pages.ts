// The emulator's HTML: plain server-rendered pages with stable form field names (username, password,
// otc, accept/decline) so people and test browsers can drive them. Every form posts to /{tenant}/login.
import type { EmulatorContext } from "../context.ts";
import { escapeHtml as e } from "../http.ts";
import type { ConsentItem } from "./consent.ts";
import { CATALOGUE } from "./errors.ts";

const STYLE = `body{font-family:"Segoe UI",system-ui,sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}
main{max-width:440px;margin:48px auto;background:#fff;padding:36px 44px;box-shadow:0 2px 6px rgba(0,0,0,.2)}
h1{font-size:24px;font-weight:600;margin:0 0 16px}p.tenant{color:#666;font-size:13px;margin:0 0 20px}
label{display:block;font-size:14px;margin:12px 0 4px}input[type=text],input[type=email],input[type=password]{width:100%;box-sizing:border-box;padding:6px 0;border:0;border-bottom:1px solid #666;font-size:15px}
button{background:#0067b8;color:#fff;border:0;padding:8px 24px;font-size:15px;margin:16px 8px 0 0;cursor:pointer}button.secondary{background:#ccc;color:#000}
.error{color:#e81123;font-size:14px;margin:12px 0}.hint{font-size:12px;color:#555;margin-top:24px}ul{padding-left:18px}li{margin:6px 0}
code{background:#f4f4f4;padding:1px 4px}.account{display:block;width:100%;text-align:left;background:#fff;color:#000;border:1px solid #ccc;margin:8px 0;padding:10px}`;

export function layout(ctx: EmulatorContext, title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${e(title)}</title><style>${STYLE}</style></head><body><main>
<p class="tenant">Emulated tenant: ${e(ctx.config.tenant.displayName)} (${e(ctx.config.tenant.domains[0])})</p>
${body}</main></body></html>`;
}

const hidden = (name: string, value: string) => `<input type="hidden" name="${e(name)}" value="${e(value)}">`;

function form(tenant: string, pendingId: string, step: string, inner: string): string {
  return `<form data-page="${e(step)}" method="post" action="/${e(tenant)}/login">${hidden("ctx", pendingId)}${hidden("step", step)}${inner}</form>`;
}

function demoUsers(ctx: EmulatorContext): string {
  const users = ctx.config.users.filter((u) => u.accountEnabled).slice(0, 6);
  const items = users
    .map(
      (u) =>
        `<li><code>${e(u.userPrincipalName)}</code>${u.isAdmin ? " (admin)" : ""}${u.mfaRequired ? " (MFA code 123456)" : ""}</li>`,
    )
    .join("");
  // A local emulator's demo passwords are no secret: show the shared one so a new user can just sign in.
  const shared = users.every((u) => u.password === users[0]?.password) ? users[0]?.password : undefined;
  const where = shared ? `password <code>${e(shared)}</code>` : "passwords are in the emulator's tenant file";
  return `<div class="hint">Demo users (${where}):<ul>${items}</ul></div>`;
}

export function signInPage(
  ctx: EmulatorContext,
  tenant: string,
  pendingId: string,
  opts: { username?: string; error?: string; appName: string },
): string {
  return layout(
    ctx,
    "Sign in to your account",
    `<h1>Sign in</h1><p>to continue to ${e(opts.appName)}</p>
${opts.error ? `<p class="error" role="alert">${e(opts.error)}</p>` : ""}
${form(
  tenant,
  pendingId,
  "signin",
  `<label for="username">Email or username</label><input id="username" name="username" type="email" autocomplete="username" value="${e(opts.username ?? "")}" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>`,
)}
${demoUsers(ctx)}`,
  );
}

export function accountPickerPage(
  ctx: EmulatorContext,
  tenant: string,
  pendingId: string,
  accounts: Array<{ sessionId: string; upn: string; name: string }>,
): string {
  const buttons = accounts
    .map(
      (a) =>
        `<button class="account" type="submit" name="session" value="${e(a.sessionId)}">${e(a.name)}<br><small>${e(a.upn)}</small></button>`,
    )
    .join("");
  return layout(
    ctx,
    "Pick an account",
    `<h1>Pick an account</h1>${form(tenant, pendingId, "select", `${buttons}<button class="account" type="submit" name="session" value="other">Use another account</button>`)}`,
  );
}

export function mfaPage(
  ctx: EmulatorContext,
  tenant: string,
  pendingId: string,
  opts: { upn: string; error?: string },
): string {
  return layout(
    ctx,
    "Verify your identity",
    `<h1>Enter code</h1><p>${e(opts.upn)}: enter the code from your authenticator app (the emulator accepts <code>123456</code>).</p>
${opts.error ? `<p class="error" role="alert">${e(opts.error)}</p>` : ""}
${form(tenant, pendingId, "mfa", `<label for="otc">Code</label><input id="otc" name="otc" type="text" inputmode="numeric" autocomplete="one-time-code" required><button type="submit">Verify</button>`)}`,
  );
}

export function consentPage(
  ctx: EmulatorContext,
  tenant: string,
  pendingId: string,
  opts: { appName: string; upn: string; items: ConsentItem[]; tenantWide: boolean },
): string {
  const rows = opts.items
    .map(
      (i) =>
        `<li data-client="${e(i.clientAppId)}" data-resource="${e(i.resourceAppId)}" data-scope="${e(i.scope)}"><strong>${e(i.resourceName)}</strong>: <code>${e(i.scope)}</code><br><small>${e(i.description)}${i.adminOnly ? " (admin consent required)" : ""}</small></li>`,
    )
    .join("");
  return layout(
    ctx,
    "Permissions requested",
    `<h1>Permissions requested</h1><p><strong>${e(opts.appName)}</strong> needs permission to:</p><ul>${rows}</ul>
<p>Signed in as ${e(opts.upn)}.${opts.tenantWide ? " You are consenting on behalf of your organization." : ""}</p>
${form(tenant, pendingId, "consent", `<button type="submit" name="accept" value="1">Accept</button><button class="secondary" type="submit" name="decline" value="1">Cancel</button>`)}`,
  );
}

/** The device code flow's verification page (Entra's microsoft.com/devicelogin): the user types the code. */
export function deviceCodePage(ctx: EmulatorContext, opts: { code?: string; error?: string } = {}): string {
  return layout(
    ctx,
    "Enter code",
    `<h1>Enter code</h1><p>Enter the code displayed on your app or device.</p>
${opts.error ? `<p class="error" role="alert">${e(opts.error)}</p>` : ""}
<form data-page="devicecode" method="post" action="/devicelogin"><label for="otc">Code</label><input id="otc" name="otc" type="text" autocomplete="off" value="${e(opts.code ?? "")}" required><button type="submit">Next</button></form>`,
  );
}

export function deviceConfirmPage(
  ctx: EmulatorContext,
  tenant: string,
  pendingId: string,
  opts: { appName: string; upn: string },
): string {
  return layout(
    ctx,
    "Are you trying to sign in?",
    `<h1>Are you trying to sign in to ${e(opts.appName)}?</h1><p>Signed in as ${e(opts.upn)}. Only continue if you started this sign-in on a device or app you trust.</p>
${form(tenant, pendingId, "device", `<button type="submit" name="continue" value="1">Continue</button><button class="secondary" type="submit" name="cancel" value="1">Cancel</button>`)}`,
  );
}

export function deviceResultPage(ctx: EmulatorContext, opts: { appName: string; approved: boolean }): string {
  const text = opts.approved
    ? `You have signed in to the ${e(opts.appName)} application on your device. You may now close this window.`
    : `You have declined to sign in to ${e(opts.appName)} on your device. You may now close this window.`;
  return layout(
    ctx,
    opts.appName,
    `<h1 data-page="device-result" data-outcome="${opts.approved ? "approved" : "declined"}">${e(opts.appName)}</h1><p>${text}</p>`,
  );
}

export function errorPage(
  ctx: EmulatorContext,
  code: number,
  message: string,
  details: { traceId?: string; correlationId?: string; timestamp?: string } = {},
): string {
  return layout(
    ctx,
    "Sign in error",
    `<h1>Sorry, but we're having trouble signing you in.</h1>
<p class="error" data-page="error" data-code="${code}"><strong>AADSTS${code}</strong>: ${e(message)}</p>
<p class="hint">${details.traceId ? `Trace ID: ${e(details.traceId)}<br>` : ""}${details.correlationId ? `Correlation ID: ${e(details.correlationId)}<br>` : ""}${details.timestamp ? `Timestamp: ${e(details.timestamp)}` : ""}</p>`,
  );
}

export function errorLookupPage(ctx: EmulatorContext, code: number): string {
  const entry = CATALOGUE[code];
  return layout(
    ctx,
    `AADSTS${code}`,
    entry
      ? `<h1>AADSTS${code}</h1><p><code>${e(entry.error)}</code>${entry.suberror ? ` / <code>${e(entry.suberror)}</code>` : ""}</p><p>${e(entry.message)}</p>`
      : `<h1>AADSTS${code}</h1><p>The emulator has no description for this code.</p>`,
  );
}

/** response_mode=form_post: the browser posts the result to the client's redirect URI. */
export function formPostPage(redirectUri: string, params: Record<string, string>): string {
  const fields = Object.entries(params)
    .map(([k, v]) => hidden(k, v))
    .join("");
  return `<!doctype html><html><head><title>Working...</title></head><body onload="document.forms[0].submit()"><form data-page="form_post" method="post" action="${e(redirectUri)}">${fields}<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}

export function signedOutPage(ctx: EmulatorContext, note?: string): string {
  return layout(
    ctx,
    "Signed out",
    `<h1 data-page="signed-out">You signed out of your account</h1><p>It's a good idea to close all browser windows.</p>${note ? `<p class="hint">${e(note)}</p>` : ""}`,
  );
}

/**
 * Signed out, while the other apps' front-channel logout URLs load in hidden iframes; then on to `next`
 * (the app's post_logout_redirect_uri) once they have loaded, or after 5 s at most, as Entra's page does.
 */
export function frontChannelLogoutPage(ctx: EmulatorContext, urls: string[], next: string | undefined): string {
  const frames = urls
    .map((u) => `<iframe src="${e(u)}" title="sign-out" hidden data-frontchannel-logout></iframe>`)
    .join("");
  const script = next
    ? `<script>(() => { const go = () => location.replace(${JSON.stringify(next).replace(/</g, "\\u003c")}); let left = ${urls.length}; for (const f of document.querySelectorAll("iframe[data-frontchannel-logout]")) f.addEventListener("load", () => { if (--left === 0) go(); }); setTimeout(go, 5000); })();</script>`
    : "";
  return layout(
    ctx,
    "Signed out",
    `<h1 data-page="signed-out">You signed out of your account</h1><p>Signing you out of your other applications…</p>${frames}${script}`,
  );
}

export function homePage(ctx: EmulatorContext): string {
  const { tenant } = ctx.config;
  const users = ctx.config.users
    .filter((u) => u.accountEnabled)
    .slice(0, 8)
    .map(
      (u) =>
        `<li><code>${e(u.userPrincipalName)}</code> ${e(u.displayName)}${u.isAdmin ? " (admin)" : ""}${u.mfaRequired ? " (MFA)" : ""}</li>`,
    )
    .join("");
  const apps = ctx.config.applications.map((a) => `<li>${e(a.displayName)}: <code>${e(a.appId)}</code></li>`).join("");
  return layout(
    ctx,
    "Entra ID emulator",
    `<h1>Entra ID emulator</h1>
<p>An offline stand-in for the Microsoft identity platform (v2.0 endpoints) and the parts of Microsoft Graph the app uses.</p>
<p>Authority: <code>${e(ctx.baseUrl)}/${e(tenant.id)}</code><br>Discovery: <a href="/${e(tenant.id)}/v2.0/.well-known/openid-configuration">/${e(tenant.id)}/v2.0/.well-known/openid-configuration</a><br>Graph: <code>${e(ctx.graphBaseUrl)}/v1.0</code></p>
<p>Tenant: ${e(tenant.displayName)} <code>${e(tenant.id)}</code></p>
<h2>Users</h2><ul>${users}</ul><h2>Applications</h2><ul>${apps}</ul>`,
  );
}
