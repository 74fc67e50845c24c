// The explainer's shapes. Isomorphic (no "server-only"): the SPA, the server, the doctor CLI and the
// diagnostics page all explain the same Entra errors the same way.

/** Which protocol step failed: the same AADSTS code means different things in different flows. */
export type Flow =
  | "sign-in" // /authorize, interactive
  | "silent-sign-in" // /authorize with prompt=none (ssoSilent, hidden iframe)
  | "code-redemption" // server-side code redemption (NextAuth callback)
  | "spa-code-redemption" // msal-browser redeeming a code cross-origin
  | "refresh"
  | "obo"
  | "client-credentials"
  | "discovery"
  | "unknown";

/** An Entra refusal as it reached us: from a token-endpoint body, a redirect, an msal error. */
export interface EntraFailure {
  aadsts?: number;
  error?: string;
  suberror?: string;
  flow: Flow;
  /** The client id that made the request (defaults per flow: backend for obo/client-credentials, else frontend). */
  clientId?: string;
  /** The token involved (the OBO assertion, the bearer). Only the claims in `Evidence` are read from it; it is never kept. */
  token?: string;
  redirectUri?: string;
  origin?: string;
  scopes?: string[];
  /** The tenant path segment the request used. */
  tenant?: string;
}

/** This app's settings, to name causes in its own terms. Built from lib/config by `appFacts()`. */
export interface AppFacts {
  instance: string;
  tenantId: string;
  frontendClientId: string;
  backendClientId: string;
  backendAppIdUri: string;
  backendScope: string;
  /** The app's public origin when known (AUTH_URL), for redirect URI advice. */
  appOrigin?: string;
}

/** The claims that explain a token problem. Never the token, never user names. */
export interface Evidence {
  aud?: string;
  iss?: string;
  tid?: string;
  azp?: string;
  appid?: string;
  scp?: string;
  roles?: string[];
  idtyp?: string;
  ver?: string;
  exp?: number;
  /** exp as an ISO date, for people. */
  expiresAt?: string;
}

export interface Diagnosis {
  /** "AADSTS50013", or the OAuth `error` when Entra sent no code. */
  code: string;
  aadsts: number | null;
  error?: string;
  suberror?: string;
  flow: Flow;
  title: string;
  /** What Entra refused, in one sentence. */
  happened: string;
  /** Why, in this app's terms (which registration, which token, which setting). */
  cause: string;
  /** What to change: the setting, the registration field. */
  fix: string;
  evidence?: Evidence;
  /** Microsoft's page for the code. */
  reference?: string;
}

// What the doctor's checks return, and the registration fields they read.
export type Status = "ok" | "warning" | "error";

export interface Finding {
  id: string;
  status: Status;
  title: string;
  detail: string;
  fix?: string;
  diagnosis?: Diagnosis;
}

/** Graph's application object, the fields the checks read. */
export interface Registration {
  appId: string;
  displayName: string;
  identifierUris: string[];
  api?: {
    knownClientApplications?: string[];
    oauth2PermissionScopes?: Array<{ value: string }>;
    requestedAccessTokenVersion?: number | null;
  };
  optionalClaims?: { idToken?: Array<{ name: string }>; accessToken?: Array<{ name: string }> } | null;
  web?: { redirectUris?: string[]; logoutUrl?: string | null };
  spa?: { redirectUris?: string[] };
  requiredResourceAccess?: Array<{ resourceAppId: string; resourceAccess: Array<{ id: string; type: string }> }>;
}
