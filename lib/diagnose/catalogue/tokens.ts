// Catalogue entries for user tokens and sessions: the OBO assertion, consent, MFA, revoked and expired sessions.
import { incrementalOnly } from "@/lib/incremental-scopes";
import { audLabel, isGraph, scopeOf, type EntrySpec } from "./entry";

export const TOKENS: Record<number, EntrySpec> = {
  50013: {
    handling: "misconfiguration",
    title: "The OBO assertion failed signature validation",
    happened:
      "Entra could not validate the signature of the user token the backend passed as the on-behalf-of assertion.",
    cause: (c) =>
      `The token the caller sent to the API is not an access token Entra issued for the backend (${c.facts.backendAppIdUri}): a Graph token, a token from another tenant or instance, or a tampered token.`,
    fix: (c) =>
      `Clients must request ${scopeOf(c)} (or ${c.facts.backendAppIdUri}/.default) and send THAT access token to the API.`,
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
          cause:
            "The assertion has no user (idtyp app / no scp): it came from client credentials. On-behalf-of needs a delegated user token.",
          fix: "Call the user-facing API only with a user's token; daemons must use the /api/service/* routes, which do not run OBO.",
        };
      }
      return undefined;
    },
  },
  500131: {
    handling: "misconfiguration",
    title: "The OBO assertion is for another audience",
    happened:
      "The user token passed as the on-behalf-of assertion was issued for a different application than the backend that presented it.",
    cause: (c) =>
      `The assertion's audience is ${c.evidence?.aud ? audLabel(c, c.evidence.aud) : "another application"}; the backend (${c.facts.backendClientId}) only accepts ${c.facts.backendAppIdUri} or its own client id.`,
    fix: (c) =>
      `Have the frontend/SPA request ${scopeOf(c)} (or ${c.facts.backendAppIdUri}/.default) and pass that token. Check ENTRA_BACKEND_CLIENT_ID and ENTRA_BACKEND_APP_ID_URI name the same registration.`,
    refine: (c) => {
      const aud = c.evidence?.aud;
      if (aud === c.facts.frontendClientId) {
        return {
          cause: `The assertion's audience is ${audLabel(c, aud)}: the client passed its ID token (or a token for itself) instead of an access token for ${c.facts.backendAppIdUri}.`,
        };
      }
      if (aud && /^(api:\/\/|https?:\/\/)/.test(aud) && !isGraph(aud)) {
        return {
          cause: `The assertion's audience is '${aud}', but this backend's App ID URI is ${c.facts.backendAppIdUri}: the client requested a token for another API (a stale or wrong App ID URI in the client's scope, or ENTRA_BACKEND_APP_ID_URI names another app).`,
        };
      }
      return undefined;
    },
  },
  500133: {
    title: "The OBO assertion has expired",
    happened:
      "The user token passed as the on-behalf-of assertion was outside its validity window when the backend used it.",
    cause: (c) =>
      `The caller sent an access token that had already expired${c.evidence?.expiresAt ? ` (exp ${c.evidence.expiresAt})` : ""}, or the server's clock is off by more than 5 minutes.`,
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
    cause: (c) =>
      c.flow === "obo"
        ? "The user signed in without MFA, and a Conditional Access policy requires MFA for Microsoft Graph. The backend cannot prompt: the claims challenge must go back to the client."
        : "A Conditional Access policy requires MFA for this resource and this request cannot prompt.",
    fix: "Expected at runtime, not a misconfiguration: the API answers 401 insufficient_claims with the claims challenge; the client signs in again passing those claims (the app does this through /auth/reauth; SPA: acquireTokenRedirect({ claims })).",
  },
  50079: {
    title: "The user must register for multi-factor authentication",
    happened: "Conditional Access requires MFA and the user has not enrolled a method yet.",
    cause: (c) =>
      c.flow === "obo"
        ? "The backend's OBO for Graph hit a policy requiring MFA enrollment; the backend cannot prompt, so the claims challenge must go back to the client."
        : "A Conditional Access policy requires MFA and the user has no method registered.",
    fix: "Relay it to the client: 401 insufficient_claims when Entra sent claims, else 401 interaction_required (the app's pages offer a fresh sign-in through /auth/reauth?prompt=login); the interactive sign-in lets the user enroll. If unexpected, review the Conditional Access policy for this app.",
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
  700084: {
    title: "The SPA refresh token reached its 24-hour limit",
    happened:
      "A refresh token issued to the Single-page application platform is older than its fixed 24-hour lifetime.",
    cause:
      "Expected behaviour, not a misconfiguration: SPA refresh tokens cannot be extended. msal-browser falls back to a hidden-iframe sign-in, which needs the Entra session cookie (third-party cookies) to still be valid.",
    fix: "Handle InteractionRequiredAuthError from acquireTokenSilent with acquireTokenRedirect (the app's SPA wrapper does); if it happens early, check the browser clock.",
  },
  50173: {
    handling: "sign-in-again",
    title: "The session was revoked",
    happened:
      "The refresh token or session is older than the user's TokensValidFrom (password change, admin revocation).",
    cause: "The user's sessions were revoked after this token was issued.",
    fix: "Sign in again; nothing to configure.",
    refine: (c) =>
      c.flow === "obo"
        ? {
            happened:
              "Microsoft Graph refused the cached Graph token through continuous access evaluation (the user's sessions were revoked), and the on-behalf-of retry with Graph's claims was refused because the user's token to this API predates the revocation.",
            fix: "Sign in again (the page offers it): the new sign-in yields tokens issued after the revocation.",
          }
        : undefined,
  },
  50132: {
    handling: "sign-in-again",
    title: "The session ended with a password change",
    happened: "The refresh token or session predates the user's password change or expiry.",
    cause: "The user changed their password (or it expired) after this sign-in.",
    fix: "Sign in again; nothing to configure.",
  },
  50133: {
    handling: "sign-in-again",
    title: "The session is no longer valid",
    happened: "The session expired or was invalidated by a recent password change.",
    cause: "The user's sign-in is older than their last password change, or it expired.",
    fix: "Sign in again; nothing to configure.",
  },
};
