// Catalogue entries for redirect URIs, codes and silent sign-in: the SPA and web platforms, PKCE, prompt=none.
import { origin, type EntrySpec } from "./entry";

export const REDIRECTS: Record<number, EntrySpec> = {
  9002325: {
    title: "PKCE is missing on a SPA code",
    happened: "A code for the Single-page application platform was requested or redeemed without PKCE.",
    cause:
      "SPA redirect URIs require PKCE for cross-origin redemption: the authorize request had no code_challenge (the SPA is not using msal-browser, or a library is configured without PKCE).",
    fix: "Use msal-browser (it always sends PKCE S256), or send code_challenge + code_challenge_method=S256 at /authorize and code_verifier at /token.",
  },
  9002326: {
    title: "A non-SPA code or credential was redeemed from the browser",
    happened:
      "A cross-origin (browser) token request used a code or refresh token not issued to the Single-page application platform, or carried a client secret.",
    cause: (c) =>
      `The SPA used a web redirect URI: the code was issued to a redirect URI registered under Web (server) for ${c.client.label}, but the browser redeemed it (Origin ${origin(c)}). Only Single-page application redirect URIs can be redeemed cross-origin; a client secret must never be sent from the browser.`,
    fix: (c) =>
      `Register ${origin(c)}/spa-redirect under the frontend's "Single-page application" platform (not "Web") and use it as msal-browser's redirectUri; server-side redemptions (NextAuth) must keep the Web URI and must not send an Origin header.`,
    refine: (c) =>
      c.failure.redirectUri
        ? {
            cause: `The SPA used a web redirect URI: '${c.failure.redirectUri}' is registered under Web for ${c.client.label}, but the browser redeemed its code cross-origin (Origin ${origin(c)}). Only Single-page application redirect URIs may be redeemed cross-origin.`,
          }
        : undefined,
  },
  9002327: {
    title: "A SPA code was redeemed without a cross-origin request",
    happened:
      "A code or refresh token issued to the Single-page application platform was redeemed without an Origin header.",
    cause:
      "Tokens issued for the 'Single-Page Application' client type may only be redeemed via cross-origin requests: a server (or a script without Origin) redeemed a code or refresh token that belongs to the browser, typically a SPA redirect URI used for server-side sign-in, or the hybrid flow's spa_code redeemed on the server.",
    fix: (c) =>
      `Redeem SPA codes in the browser with msal-browser. Server-side sign-in must use the Web redirect URI ${origin(c)}/api/auth/callback/microsoft-entra-id; the spa_code from the hybrid flow goes to msal-browser (acquireTokenByCode), not to the server.`,
  },
  50011: {
    title: "The redirect URI is not registered",
    happened: "The redirect_uri in the authorization request matches no redirect URI of the application.",
    cause: (c) =>
      `'${c.failure.redirectUri ?? "the redirect URI"}' is not registered on ${c.client.label} (matching is exact: scheme, host, port, path, case).`,
    fix: (c) =>
      `In App registrations → ${c.client.label} → Authentication, add the URI under the right platform (Web for ${origin(c)}/api/auth/callback/microsoft-entra-id, Single-page application for ${origin(c)}/spa-redirect), or set AUTH_URL to the app's public origin.`,
    refine: (c) => {
      const uri = c.failure.redirectUri;
      if (!uri) return undefined;
      if (uri.endsWith("/spa-redirect"))
        return {
          fix: `Add '${uri}' to ${c.client.label} under the "Single-page application" platform (SPA mode's msal-browser redirect).`,
        };
      if (uri.includes("/api/auth/callback/"))
        return {
          fix: `Add '${uri}' to ${c.client.label} under the "Web" platform (server-mode sign-in), or set AUTH_URL so the app builds the registered URI.`,
        };
      if (uri.endsWith("/auth/consent/callback"))
        return {
          fix: `Add '${uri}' to the backend registration under the "Web" platform (the "Grant access" consent flow).`,
        };
      return undefined;
    },
  },
  54005: {
    title: "The authorization code was already redeemed",
    happened: "The code was redeemed a second time; codes are single-use.",
    cause:
      "The same code reached the token endpoint twice: the callback URL was reloaded or opened twice (back button, two tabs), or the hybrid flow's spa_code was redeemed both by the server and by the SPA.",
    fix: "Start the sign-in again. Do not retry callbacks; make sure only msal-browser redeems the spa_code.",
  },
  501481: {
    title: "The PKCE verifier does not match",
    happened: "The code_verifier sent at redemption does not hash to the code_challenge sent at /authorize.",
    cause:
      "The verifier belongs to another sign-in attempt: two sign-ins raced in one browser (two tabs), or the PKCE cookie was lost (AUTH_URL on another origin than the browser's, cookies blocked), or a library sent a stale verifier.",
    fix: "Start the sign-in again in one tab; check AUTH_URL equals the origin the browser uses so NextAuth's PKCE cookie comes back.",
  },
  50058: {
    title: "Silent sign-in found no signed-in user",
    happened:
      "A prompt=none request (ssoSilent, hidden iframe) found no Entra session, or none matching the login hint.",
    cause:
      "The user is not signed in at Entra in this browser (signed out elsewhere, session expired, or third-party cookies blocked for the hidden iframe), or the login_hint names another account.",
    fix: "Fall back to an interactive sign-in (loginRedirect / the app's /auth/signin). In SPA mode this is expected after a sign-out elsewhere.",
  },
  16000: {
    title: "Several accounts are signed in",
    happened: "A prompt=none request found more than one signed-in account and no hint which one to use.",
    cause:
      "Silent sign-in (ssoSilent / prompt=none) was sent without login_hint or sid while the browser holds several Entra sessions.",
    fix: "Pass the ID token's login_hint (or sid) to ssoSilent / acquireTokenSilent (the app's SPA handoff does), or go interactive with prompt=select_account.",
  },
};
