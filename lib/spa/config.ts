// The msal-browser configuration of SPA mode, built from values the server hands the page at request
// time (no NEXT_PUBLIC_* build-time values: pointing the app at another tenant needs no rebuild).
import type { Configuration, RedirectRequest } from "@azure/msal-browser";
import { SPA_REDIRECT_PATH } from "./paths";

/** What the server tells the browser about the tenant: public values only, never a secret. */
export interface SpaPublicConfig {
  clientId: string; // the FRONTEND registration
  authority: string; // `${instance}/${tenantId}`
  knownAuthorities: string[]; // "host:port" of a non-Microsoft authority host, so MSAL skips instance discovery
  scope: string; // `${appIdUri}/${scope}`, e.g. api://<backend>/access_as_user
}

/** What the server hands the SPA about its own session (null: no server session). Never log the code. */
export interface SpaHandoff {
  /** The hybrid flow's one-time code: redeemed in the browser for the tab's own tokens, no UI at all. */
  spaCode?: string;
  /** For ssoSilent when the code is gone (used, expired, another tab). */
  loginHint?: string;
  /** MSAL's id of the server session's account (`oid.tid`), so the SPA uses the same user. */
  homeAccountId: string;
  username: string;
}

export function buildMsalConfig(pub: SpaPublicConfig, origin: string): Configuration {
  return {
    auth: {
      clientId: pub.clientId,
      authority: pub.authority,
      knownAuthorities: pub.knownAuthorities,
      redirectUri: `${origin}${SPA_REDIRECT_PATH}`,
      postLogoutRedirectUri: `${origin}/signed-out`,
      // CP1: this client can handle claims challenges (CAE, Conditional Access step-up).
      clientCapabilities: ["CP1"],
    },
    // Shared by every tab of the app, so a new tab needs no trip to the IdP. msal-browser encrypts each
    // entry (AES-GCM) with a key kept in a session cookie: nothing readable at rest, and nothing
    // usable once the browser session ends.
    cache: { cacheLocation: "localStorage" },
  };
}

/** The scopes every SPA token request asks for: the backend API, one resource. */
export function apiScopes(pub: SpaPublicConfig): string[] {
  return [pub.scope];
}

export type InteractiveRequest = Pick<
  RedirectRequest,
  "scopes" | "claims" | "prompt" | "loginHint" | "redirectStartPage"
>;
