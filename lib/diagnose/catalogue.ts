// One small entry per AADSTS code: what it means, and why it happens in THIS app (two registrations,
// OBO to Graph, server and SPA modes). `refine` picks a sharper cause from the context (the assertion's
// claims, the flow, the client) when one applies; otherwise the entry's general text stands.
import { incrementalOnly } from "@/lib/incremental-scopes";
import type { AppFacts, EntraFailure, Evidence, Flow } from "./types";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const GRAPH_AUDIENCES = [GRAPH_APP_ID, "https://graph.microsoft.com", "https://graph.microsoft.com/"];

export interface Ctx {
  failure: EntraFailure;
  facts: AppFacts;
  evidence?: Evidence;
  /** The client the request came from: its id and how this app configures it. */
  client: { id: string; label: string; idVar: string; secretVar: string };
  flow: Flow;
}

export interface Explanation {
  title: string;
  happened: string;
  cause: string;
  fix: string;
}

type Text = string | ((c: Ctx) => string);
interface EntrySpec {
  title: string;
  happened: Text;
  cause: Text;
  fix: Text;
  /** A sharper explanation for this context, or undefined to keep the general one. */
  refine?: (c: Ctx) => Partial<Explanation> | undefined;
}

const scopeOf = (c: Ctx) => `${c.facts.backendAppIdUri}/${c.facts.backendScope}`;
const isGraph = (aud: string | undefined) => !!aud && GRAPH_AUDIENCES.includes(aud);
const audLabel = (c: Ctx, aud: string): string => {
  if (isGraph(aud)) return `${aud} (Microsoft Graph)`;
  if (aud === c.facts.frontendClientId) return `${aud} (the frontend registration itself)`;
  if (aud === c.facts.backendClientId || aud === c.facts.backendAppIdUri) return `${aud} (the backend)`;
  return aud;
};
const originOf = (uri: string | undefined) => {
  try {
    return uri ? new URL(uri).origin : undefined;
  } catch {
    return undefined;
  }
};
const origin = (c: Ctx) => c.failure.origin ?? originOf(c.failure.redirectUri) ?? c.facts.appOrigin ?? "https://<app>";

export const CATALOGUE: Record<number, EntrySpec> = {
  50013: {
    title: "The OBO assertion failed signature validation",
    happened: "Entra could not validate the signature of the user token the backend passed as the on-behalf-of assertion.",
    cause: (c) => `The token the caller sent to the API is not an access token Entra issued for the backend (${c.facts.backendAppIdUri}): a Graph token, a token from another tenant or instance, or a tampered token.`,
    fix: (c) => `Clients must request ${scopeOf(c)} (or ${c.facts.backendAppIdUri}/.default) and send THAT access token to the API.`,
    refine: (c) => {
      const aud = c.evidence?.aud;
      if (isGraph(aud)) {
        return {
          title: "A Graph token was passed as the OBO assertion",
          cause: `The assertion's audience is ${audLabel(c, aud!)}: the caller passed a Graph token; it must pass a token for ${c.facts.backendAppIdUri}. Graph tokens carry a header nonce and can only be validated by Graph, so Entra refuses them as assertions.`,
          fix: `In the client (SPA: msal-browser acquireTokenSilent; server: the session's token) request the scope ${scopeOf(c)}, not User.Read or https://graph.microsoft.com/.default, and send that token in the Authorization header.`,
        };
      }
      if (c.evidence && (c.evidence.idtyp === "app" || (!c.evidence.scp && c.evidence.roles))) {
        return {
          title: "An app-only token was passed as the OBO assertion",
          cause: "The assertion has no user (idtyp app / no scp): it came from client credentials. On-behalf-of needs a delegated user token.",
          fix: "Call the user-facing API only with a user's token; daemons must use the /api/service/* routes, which do not run OBO.",
        };
      }
      return undefined;
    },
  },
  500131: {
    title: "The OBO assertion is for another audience",
    happened: "The user token passed as the on-behalf-of assertion was issued for a different application than the backend that presented it.",
    cause: (c) => `The assertion's audience is ${c.evidence?.aud ? audLabel(c, c.evidence.aud) : "another application"}; the backend (${c.facts.backendClientId}) only accepts ${c.facts.backendAppIdUri} or its own client id.`,
    fix: (c) => `Have the frontend/SPA request ${scopeOf(c)} (or ${c.facts.backendAppIdUri}/.default) and pass that token. Check ENTRA_BACKEND_CLIENT_ID and ENTRA_BACKEND_APP_ID_URI name the same registration.`,
    refine: (c) => {
      const aud = c.evidence?.aud;
      if (aud === c.facts.frontendClientId) {
        return { cause: `The assertion's audience is ${audLabel(c, aud)}: the client passed its ID token (or a token for itself) instead of an access token for ${c.facts.backendAppIdUri}.` };
      }
      if (aud && /^(api:\/\/|https?:\/\/)/.test(aud) && !isGraph(aud)) {
        return { cause: `The assertion's audience is '${aud}', but this backend's App ID URI is ${c.facts.backendAppIdUri}: the client requested a token for another API (a stale or wrong App ID URI in the client's scope, or ENTRA_BACKEND_APP_ID_URI names another app).` };
      }
      return undefined;
    },
  },
  500133: {
    title: "The OBO assertion has expired",
    happened: "The user token passed as the on-behalf-of assertion was outside its validity window when the backend used it.",
    cause: (c) => `The caller sent an access token that had already expired${c.evidence?.expiresAt ? ` (exp ${c.evidence.expiresAt})` : ""}, or the server's clock is off by more than 5 minutes.`,
    fix: "Clients must get a fresh token before each call (msal acquireTokenSilent renews it; the server session refreshes it). Check the server clock (NTP).",
  },
  65001: {
    title: "Consent is missing",
    happened: "Entra has no consent for the requested permissions, and this request cannot show a consent prompt.",
    cause: (c) => `The user (or an admin) has not consented to ${c.client.label} using the requested permissions.`,
    fix: "Send the user through an interactive sign-in (prompt=consent), or have an admin grant tenant-wide consent in Enterprise applications.",
    refine: (c) => {
      if (c.flow !== "obo") return undefined;
      const added = incrementalOnly(c.failure.scopes);
      if (added.length) {
        return {
          title: "The user has not consented to a permission added after their first consent",
          cause: `The backend asked Graph for ${added.join(" ")}, which this app requests incrementally (a page added it later): the user's earlier consent did not include it.`,
          fix: `Nothing is misconfigured: the user grants it once from the page (Grant access asks the backend's consent for exactly ${added.join(" ")}). To grant it for everyone instead, add it to the backend's API permissions (${c.facts.backendClientId}) and grant admin consent for it (README: "Adding Tasks.ReadWrite to a real tenant").`,
        };
      }
      const frontend = c.evidence?.azp ?? c.evidence?.appid ?? c.facts.frontendClientId;
      return {
        title: "The backend has no consent to call Microsoft Graph for this user",
        cause: `The user's sign-in consent covered the frontend (${frontend}) → backend hop only, not the backend → Graph hop. That happens when the backend registration does not list the frontend in api.knownClientApplications (so combined consent did not include the backend's Graph permissions), or the permission needs admin consent that was never granted.`,
        fix: `In the backend registration's manifest (Microsoft Graph format) set "api": { "knownClientApplications": ["${frontend}"] }, then have the user sign in again with prompt=consent; or grant admin consent for the backend's Graph permissions. Until then the app's "Grant access" (/auth/consent) asks for the backend's consent directly. \`npm run doctor\` checks knownClientApplications.`,
      };
    },
  },
  50076: {
    title: "Multi-factor authentication is required",
    happened: "Conditional Access requires MFA for the resource, and the token presented was obtained without it.",
    cause: (c) => (c.flow === "obo" ? "The user signed in without MFA, and a Conditional Access policy requires MFA for Microsoft Graph. The backend cannot prompt: the claims challenge must go back to the client." : "A Conditional Access policy requires MFA for this resource and this request cannot prompt."),
    fix: "Expected at runtime, not a misconfiguration: the API answers 401 insufficient_claims with the claims challenge; the client signs in again passing those claims (the app does this through /auth/reauth; SPA: acquireTokenRedirect({ claims })).",
  },
  50079: {
    title: "The user must register for multi-factor authentication",
    happened: "Conditional Access requires MFA and the user has not enrolled a method yet.",
    cause: (c) => (c.flow === "obo" ? "The backend's OBO for Graph hit a policy requiring MFA enrollment; the backend cannot prompt, so the claims challenge must go back to the client." : "A Conditional Access policy requires MFA and the user has no method registered."),
    fix: "Relay it to the client: 401 insufficient_claims when Entra sent claims, else 401 interaction_required (the app's pages offer a fresh sign-in through /auth/reauth?prompt=login); the interactive sign-in lets the user enroll. If unexpected, review the Conditional Access policy for this app.",
  },
  9002325: {
    title: "PKCE is missing on a SPA code",
    happened: "A code for the Single-page application platform was requested or redeemed without PKCE.",
    cause: "SPA redirect URIs require PKCE for cross-origin redemption: the authorize request had no code_challenge (the SPA is not using msal-browser, or a library is configured without PKCE).",
    fix: "Use msal-browser (it always sends PKCE S256), or send code_challenge + code_challenge_method=S256 at /authorize and code_verifier at /token.",
  },
  9002326: {
    title: "A non-SPA code or credential was redeemed from the browser",
    happened: "A cross-origin (browser) token request used a code or refresh token not issued to the Single-page application platform, or carried a client secret.",
    cause: (c) =>
      `The SPA used a web redirect URI: the code was issued to a redirect URI registered under Web (server) for ${c.client.label}, but the browser redeemed it (Origin ${origin(c)}). Only Single-page application redirect URIs can be redeemed cross-origin; a client secret must never be sent from the browser.`,
    fix: (c) => `Register ${origin(c)}/spa-redirect under the frontend's "Single-page application" platform (not "Web") and use it as msal-browser's redirectUri; server-side redemptions (NextAuth) must keep the Web URI and must not send an Origin header.`,
    refine: (c) => (c.failure.redirectUri ? { cause: `The SPA used a web redirect URI: '${c.failure.redirectUri}' is registered under Web for ${c.client.label}, but the browser redeemed its code cross-origin (Origin ${origin(c)}). Only Single-page application redirect URIs may be redeemed cross-origin.` } : undefined),
  },
  9002327: {
    title: "A SPA code was redeemed without a cross-origin request",
    happened: "A code or refresh token issued to the Single-page application platform was redeemed without an Origin header.",
    cause: "Tokens issued for the 'Single-Page Application' client type may only be redeemed via cross-origin requests: a server (or a script without Origin) redeemed a code or refresh token that belongs to the browser, typically a SPA redirect URI used for server-side sign-in, or the hybrid flow's spa_code redeemed on the server.",
    fix: (c) => `Redeem SPA codes in the browser with msal-browser. Server-side sign-in must use the Web redirect URI ${origin(c)}/api/auth/callback/microsoft-entra-id; the spa_code from the hybrid flow goes to msal-browser (acquireTokenByCode), not to the server.`,
  },
  50011: {
    title: "The redirect URI is not registered",
    happened: "The redirect_uri in the authorization request matches no redirect URI of the application.",
    cause: (c) => `'${c.failure.redirectUri ?? "the redirect URI"}' is not registered on ${c.client.label} (matching is exact: scheme, host, port, path, case).`,
    fix: (c) => `In App registrations → ${c.client.label} → Authentication, add the URI under the right platform (Web for ${origin(c)}/api/auth/callback/microsoft-entra-id, Single-page application for ${origin(c)}/spa-redirect), or set AUTH_URL to the app's public origin.`,
    refine: (c) => {
      const uri = c.failure.redirectUri;
      if (!uri) return undefined;
      if (uri.endsWith("/spa-redirect")) return { fix: `Add '${uri}' to ${c.client.label} under the "Single-page application" platform (SPA mode's msal-browser redirect).` };
      if (uri.includes("/api/auth/callback/")) return { fix: `Add '${uri}' to ${c.client.label} under the "Web" platform (server-mode sign-in), or set AUTH_URL so the app builds the registered URI.` };
      if (uri.endsWith("/auth/consent/callback")) return { fix: `Add '${uri}' to the backend registration under the "Web" platform (the "Grant access" consent flow).` };
      return undefined;
    },
  },
  700016: {
    title: "The application is not in this tenant",
    happened: "Entra found no application with this client id in the directory.",
    cause: (c) => `The client id '${c.client.id}' (${c.client.idVar}) is not an application in tenant '${c.failure.tenant ?? c.facts.tenantId}': a typo, the object id instead of the Application (client) ID, or a registration in another tenant (ENTRA_TENANT_ID).`,
    fix: (c) => `Set ${c.client.idVar} to the registration's "Application (client) ID" from its Overview page, and ENTRA_TENANT_ID to the tenant that holds it.`,
  },
  7000215: {
    title: "Wrong client secret",
    happened: "The client secret sent with the token request is not a valid secret of the application.",
    cause: (c) => `${c.client.secretVar} does not hold a current secret VALUE of ${c.client.label}: a typo, a secret rotated away, or the secret's ID copied instead of its value.`,
    fix: (c) => `Create a secret under ${c.client.label} → Certificates & secrets and put its Value (shown once) in ${c.client.secretVar}.`,
  },
  7000222: {
    title: "The client secret has expired",
    happened: "The client secret sent is valid but past its expiry date.",
    cause: (c) => `The secret in ${c.client.secretVar} has expired.`,
    fix: (c) => `Create a new secret for ${c.client.label} and update ${c.client.secretVar} (or move to a certificate).`,
  },
  7000218: {
    title: "No client credential was sent",
    happened: "A confidential client's token request carried neither client_secret nor client_assertion.",
    cause: (c) => `${c.client.label} is a confidential client but no credential was configured or sent.`,
    fix: (c) => `Set ${c.client.secretVar}${c.client.id === c.facts.backendClientId ? " or ENTRA_BACKEND_CERTIFICATE_PATH" : ""}.`,
  },
  700027: {
    title: "The client certificate is not registered",
    happened: "The client assertion's signature could not be validated with any certificate registered on the application.",
    cause: (c) => `The certificate the app signs with (ENTRA_BACKEND_CERTIFICATE_PATH/_BASE64) is not uploaded to ${c.client.label}, or the registration holds another certificate (renewed on one side only).`,
    fix: (c) => `Upload the certificate's public part to ${c.client.label} → Certificates & secrets, and compare thumbprints (npm run doctor prints the configured one).`,
  },
  700211: {
    title: "The federated token's issuer is not registered",
    happened: "The workload token presented as the client assertion comes from an issuer none of the application's federated credentials names.",
    cause: (c) => `${c.client.label} has no federated credential for that issuer: the token file (ENTRA_BACKEND_FEDERATED_TOKEN_FILE) comes from another cluster or identity provider than the one registered.`,
    fix: (c) => `Add a federated credential to ${c.client.label} (Certificates & secrets → Federated credentials) with the token's issuer (for AKS: the cluster's OIDC issuer URL), or point ENTRA_BACKEND_FEDERATED_TOKEN_FILE at the right token.`,
  },
  700212: {
    title: "The federated token's audience is not registered",
    happened: "The workload token's aud matches none of the audiences of the application's federated credentials.",
    cause: "The platform projected the token for another audience than the federated credential expects (by default api://AzureADTokenExchange).",
    fix: "Project the token with the audience api://AzureADTokenExchange (AKS workload identity does), or add the token's audience to the federated credential.",
  },
  700213: {
    title: "The federated token's subject is not registered",
    happened: "The workload token's issuer is registered, but not for its subject.",
    cause: (c) => `The workload runs under another identity than the federated credential of ${c.client.label} names (for Kubernetes: system:serviceaccount:<namespace>:<service account>).`,
    fix: (c) => `Set the federated credential's subject on ${c.client.label} to the workload's subject, or run the workload under the registered service account.`,
  },
  1002012: {
    title: "Client credentials need a /.default scope",
    happened: "A client-credentials request asked for a scope that does not end in /.default.",
    cause: (c) => `The scope ${c.failure.scopes?.length ? `'${c.failure.scopes.join(" ")}'` : "requested"} names a delegated permission; app-only tokens carry the application permissions granted to the app, which are requested as {resource}/.default.`,
    fix: (c) => `Use ${c.facts.backendAppIdUri}/.default (daemons: DAEMON_SCOPE) or https://graph.microsoft.com/.default.`,
  },
  54005: {
    title: "The authorization code was already redeemed",
    happened: "The code was redeemed a second time; codes are single-use.",
    cause: "The same code reached the token endpoint twice: the callback URL was reloaded or opened twice (back button, two tabs), or the hybrid flow's spa_code was redeemed both by the server and by the SPA.",
    fix: "Start the sign-in again. Do not retry callbacks; make sure only msal-browser redeems the spa_code.",
  },
  501481: {
    title: "The PKCE verifier does not match",
    happened: "The code_verifier sent at redemption does not hash to the code_challenge sent at /authorize.",
    cause: "The verifier belongs to another sign-in attempt: two sign-ins raced in one browser (two tabs), or the PKCE cookie was lost (AUTH_URL on another origin than the browser's, cookies blocked), or a library sent a stale verifier.",
    fix: "Start the sign-in again in one tab; check AUTH_URL equals the origin the browser uses so NextAuth's PKCE cookie comes back.",
  },
  700084: {
    title: "The SPA refresh token reached its 24-hour limit",
    happened: "A refresh token issued to the Single-page application platform is older than its fixed 24-hour lifetime.",
    cause: "Expected behaviour, not a misconfiguration: SPA refresh tokens cannot be extended. msal-browser falls back to a hidden-iframe sign-in, which needs the Entra session cookie (third-party cookies) to still be valid.",
    fix: "Handle InteractionRequiredAuthError from acquireTokenSilent with acquireTokenRedirect (the app's SPA wrapper does); if it happens early, check the browser clock.",
  },
  50058: {
    title: "Silent sign-in found no signed-in user",
    happened: "A prompt=none request (ssoSilent, hidden iframe) found no Entra session, or none matching the login hint.",
    cause: "The user is not signed in at Entra in this browser (signed out elsewhere, session expired, or third-party cookies blocked for the hidden iframe), or the login_hint names another account.",
    fix: "Fall back to an interactive sign-in (loginRedirect / the app's /auth/signin). In SPA mode this is expected after a sign-out elsewhere.",
  },
  16000: {
    title: "Several accounts are signed in",
    happened: "A prompt=none request found more than one signed-in account and no hint which one to use.",
    cause: "Silent sign-in (ssoSilent / prompt=none) was sent without login_hint or sid while the browser holds several Entra sessions.",
    fix: "Pass the ID token's login_hint (or sid) to ssoSilent / acquireTokenSilent (the app's SPA handoff does), or go interactive with prompt=select_account.",
  },
  90002: {
    title: "Tenant not found",
    happened: "The tenant in the authority URL does not exist in this cloud.",
    cause: (c) => `'${c.failure.tenant ?? c.facts.tenantId}' is not a tenant at ${c.facts.instance}: ENTRA_TENANT_ID is wrong, or ENTRA_INSTANCE points at another cloud.`,
    fix: "Set ENTRA_TENANT_ID to the Directory (tenant) ID GUID from the Entra admin center Overview page, and ENTRA_INSTANCE to the tenant's cloud (https://login.microsoftonline.com for the public cloud).",
  },
  500011: {
    title: "The resource is not in the tenant",
    happened: "The scope names a resource (App ID URI) that no service principal in the tenant has.",
    cause: (c) => `The resource of the requested scope${c.failure.scopes?.length ? ` '${c.failure.scopes.join(" ")}'` : ""} is not an App ID URI of any app in the tenant: ENTRA_BACKEND_APP_ID_URI does not match the backend registration's "Application ID URI", or the backend has no service principal yet.`,
    fix: (c) => `Set ENTRA_BACKEND_APP_ID_URI to the backend's Application ID URI (Expose an API), e.g. api://${c.facts.backendClientId}.`,
  },
  70011: {
    title: "The scope is not valid",
    happened: "The scope parameter is malformed or names a permission the resource does not expose.",
    cause: (c) => `The requested scope${c.failure.scopes?.length ? ` '${c.failure.scopes.join(" ")}'` : ""} is not a permission of its resource, or mixes /.default with other scopes.`,
    fix: (c) => `Check the scope names: the backend exposes ${scopeOf(c)} (ENTRA_BACKEND_SCOPE).`,
  },
  65004: {
    title: "The user declined consent",
    happened: "The user chose Cancel on the consent prompt.",
    cause: "The permissions were not granted, so no token can be issued.",
    fix: "Sign in again and accept, or ask an admin to grant consent for the organization.",
  },
  700082: {
    title: "The refresh token expired from inactivity",
    happened: "The refresh token had not been used for 90 days.",
    cause: "Nobody used this sign-in for longer than Entra keeps an idle refresh token.",
    fix: "Sign in again; nothing to configure.",
  },
  50173: {
    title: "The session was revoked",
    happened: "The refresh token or session is older than the user's TokensValidFrom (password change, admin revocation).",
    cause: "The user's sessions were revoked after this token was issued.",
    fix: "Sign in again; nothing to configure.",
    refine: (c) =>
      c.flow === "obo"
        ? {
            happened: "Microsoft Graph refused the cached Graph token through continuous access evaluation (the user's sessions were revoked), and the on-behalf-of retry with Graph's claims was refused because the user's token to this API predates the revocation.",
            fix: "Sign in again (the page offers it): the new sign-in yields tokens issued after the revocation.",
          }
        : undefined,
  },
  90009: {
    title: "An app asked for a token for itself by URI",
    happened: "An application requested a token for itself using a non-GUID identifier.",
    cause: (c) => `${c.client.label} asked for a token for its own App ID URI; Entra only allows that with the GUID form.`,
    fix: (c) => `Request ${c.client.id}/.default instead of the App ID URI form.`,
  },
  50000: {
    title: "Entra could not issue the token",
    happened: "The sign-in service failed while issuing the token.",
    cause: "A transient error in the identity platform.",
    fix: "Retry after a moment; nothing to configure.",
  },
};

/** The explanation of `code` in context (general text, then the refinement if one applies). */
export function explain(code: number, c: Ctx): Explanation | undefined {
  const spec = CATALOGUE[code];
  if (!spec) return undefined;
  const text = (t: Text) => (typeof t === "function" ? t(c) : t);
  const base: Explanation = { title: spec.title, happened: text(spec.happened), cause: text(spec.cause), fix: text(spec.fix) };
  return { ...base, ...(spec.refine?.(c) ?? {}) };
}
