// The registrations as Graph holds them, and the wiring of both that this app depends on (App ID URI,
// scope, knownClientApplications, redirect URIs, front-channel logout, consent redirect). checkWiring is
// pure: unit-testable, and reused by /diagnostics.
import type { AppConfig } from "@/lib/config";
import { isRegisteredRedirectUri } from "../../redirect-uri";
import type { Finding, Registration } from "../../types";
import { getJson } from "../context";
import { findingOf } from "../finding";

type Entra = AppConfig["entra"];

/** GET /applications?$filter=appId eq '…' (Graph; needs Application.Read.All). */
export async function readRegistration(
  config: AppConfig,
  graphToken: string,
  appId: string,
): Promise<Registration | undefined> {
  const url = `${config.downstream.graph.baseUrl}/applications?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`;
  const { status, body } = await getJson(url, { authorization: `Bearer ${graphToken}` });
  if (status !== 200)
    throw new Error(
      `GET /applications answered ${status}${(body as { error?: { code?: string } })?.error?.code ? ` ${(body as { error: { code: string } }).error.code}` : ""}`,
    );
  return (body as { value?: Registration[] }).value?.[0];
}

const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);

/** The backend's API as the frontend's sign-in and the OBO exchange need it. */
function backendApiFindings(entra: Entra, backend: Registration): Finding[] {
  const appIdUri = findingOf("backend-app-id-uri", "Backend App ID URI");
  const scope = findingOf("backend-scope", "Backend scope");
  const knownClient = findingOf("known-client", "knownClientApplications");
  return [
    has(backend.identifierUris, entra.backend.appIdUri)
      ? appIdUri.ok(`${entra.backend.appIdUri} is the backend's Application ID URI.`)
      : appIdUri.error(
          `The backend's Application ID URIs are [${backend.identifierUris.join(", ")}], but the app requests its scope as '${entra.backend.appIdUri}/${entra.backend.scope}' (ENTRA_BACKEND_APP_ID_URI). Sign-in then fails with AADSTS500011 (no app has that URI), or yields tokens for another app, which the API and OBO refuse (AADSTS500131).`,
          `Set ENTRA_BACKEND_APP_ID_URI to ${backend.identifierUris[0] ?? `api://${entra.backend.clientId}`}, or set the backend's "Application ID URI" (Expose an API) to ${entra.backend.appIdUri}.`,
        ),
    (backend.api?.oauth2PermissionScopes ?? []).some((s) => s.value === entra.backend.scope)
      ? scope.ok(`The backend exposes ${entra.backend.scope}.`)
      : scope.error(
          `The backend exposes no scope '${entra.backend.scope}' (ENTRA_BACKEND_SCOPE).`,
          `Add the scope under the backend's Expose an API, or set ENTRA_BACKEND_SCOPE to one it exposes.`,
        ),
    has(backend.api?.knownClientApplications, entra.frontend.clientId)
      ? knownClient.ok("The backend lists the frontend: one consent covers frontend → backend → Graph.")
      : knownClient.error(
          `The backend's api.knownClientApplications [${(backend.api?.knownClientApplications ?? []).join(", ")}] does not list the frontend ${entra.frontend.clientId}: a user's consent at sign-in will not cover the backend's Graph permissions, so OBO fails with AADSTS65001 and pages show "Grant access".`,
          `In the backend registration's manifest (App registrations → ${backend.displayName} → Manifest, Microsoft Graph format) set "api": { "knownClientApplications": ["${entra.frontend.clientId}"] }. Users who signed in meanwhile consent once more (or an admin grants consent for the backend's Graph permissions).`,
        ),
  ];
}

/** The frontend's redirect URIs, front-channel logout and API permission, for both modes' sign-in. */
function frontendFindings(entra: Entra, frontend: Registration, origin: string): Finding[] {
  const web = `${origin}/api/auth/callback/microsoft-entra-id`;
  const spa = `${origin}/spa-redirect`;
  const logout = `${origin}/auth/frontchannel-logout`;
  const webRedirect = findingOf("web-redirect", "Frontend Web redirect URI");
  const spaRedirect = findingOf("spa-redirect", "Frontend SPA redirect URI");
  const frontchannel = findingOf("frontchannel-logout", "Front-channel logout URL");
  const permission = findingOf("frontend-permission", "Frontend API permission");
  return [
    isRegisteredRedirectUri(frontend.web?.redirectUris, web)
      ? webRedirect.ok(web)
      : webRedirect.error(
          `${web} is not a Web redirect URI of the frontend${isRegisteredRedirectUri(frontend.spa?.redirectUris, web) ? " (it is registered under Single-page application, which cannot be redeemed by the server: AADSTS9002327)" : ""}: server-mode sign-in fails with AADSTS50011.`,
          `Add ${web} under the frontend's Authentication → Web platform (or set AUTH_URL / --origin to the app's public origin).`,
        ),
    isRegisteredRedirectUri(frontend.spa?.redirectUris, spa)
      ? spaRedirect.ok(spa)
      : spaRedirect.error(
          `${spa} is not a Single-page application redirect URI of the frontend${isRegisteredRedirectUri(frontend.web?.redirectUris, spa) ? " (it is registered under Web: the browser's redemption fails with AADSTS9002326)" : ": msal-browser's sign-in fails with AADSTS50011"}, so SPA-mode pages cannot sign in.`,
          `Add ${spa} under the frontend's Authentication → Single-page application platform (or set AUTH_URL / --origin to the app's public origin).`,
        ),
    frontend.web?.logoutUrl === logout
      ? frontchannel.ok(logout)
      : frontchannel.warning(
          `The frontend's front-channel logout URL is ${frontend.web?.logoutUrl ? frontend.web.logoutUrl : "not set"}: signing out of Entra through another app leaves this app's sessions signed in.`,
          `Set ${logout} as the frontend's Authentication → Front-channel logout URL.`,
        ),
    (frontend.requiredResourceAccess ?? []).some((r) => r.resourceAppId === entra.backend.clientId)
      ? permission.ok("The frontend requests a permission of the backend.")
      : permission.warning(
          "The frontend's API permissions do not include the backend: consent for /.default will not list the backend's scope.",
          `Add the backend's ${entra.backend.scope} under the frontend's API permissions → My APIs.`,
        ),
  ];
}

/** The registration wiring this app depends on, as findings (pure: unit-testable and reused by /diagnostics). */
export function checkWiring(
  config: AppConfig,
  backend: Registration,
  frontend: Registration,
  origin: string,
): Finding[] {
  const consent = `${origin}/auth/consent/callback`;
  const consentRedirect = findingOf("consent-redirect", "Backend consent redirect URI");
  return [
    ...backendApiFindings(config.entra, backend),
    ...frontendFindings(config.entra, frontend, origin),
    isRegisteredRedirectUri(backend.web?.redirectUris, consent)
      ? consentRedirect.ok(consent)
      : consentRedirect.warning(
          `${consent} is not a Web redirect URI of the backend: the "Grant access" recovery for AADSTS65001 cannot run.`,
          `Add ${consent} under the backend's Authentication → Web platform.`,
        ),
  ];
}
