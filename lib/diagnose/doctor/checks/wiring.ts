// The registrations as Graph holds them, and the wiring of both that this app depends on (App ID URI,
// scope, knownClientApplications, redirect URIs, front-channel logout, consent redirect). checkWiring is
// pure: unit-testable, and reused by /diagnostics.
import type { AppConfig } from "@/lib/config";
import { isRegisteredRedirectUri } from "../../redirect-uri";
import type { Finding, Registration } from "../../types";
import { getJson } from "../context";

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

/** The registration wiring this app depends on, as findings (pure: unit-testable and reused by /diagnostics). */
export function checkWiring(
  config: AppConfig,
  backend: Registration,
  frontend: Registration,
  origin: string,
): Finding[] {
  const { entra } = config;
  const out: Finding[] = [];
  const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);

  if (has(backend.identifierUris, entra.backend.appIdUri))
    out.push({
      id: "backend-app-id-uri",
      status: "ok",
      title: "Backend App ID URI",
      detail: `${entra.backend.appIdUri} is the backend's Application ID URI.`,
    });
  else
    out.push({
      id: "backend-app-id-uri",
      status: "error",
      title: "Backend App ID URI",
      detail: `The backend's Application ID URIs are [${backend.identifierUris.join(", ")}], but the app requests its scope as '${entra.backend.appIdUri}/${entra.backend.scope}' (ENTRA_BACKEND_APP_ID_URI). Sign-in then fails with AADSTS500011 (no app has that URI), or yields tokens for another app, which the API and OBO refuse (AADSTS500131).`,
      fix: `Set ENTRA_BACKEND_APP_ID_URI to ${backend.identifierUris[0] ?? `api://${entra.backend.clientId}`}, or set the backend's "Application ID URI" (Expose an API) to ${entra.backend.appIdUri}.`,
    });

  if ((backend.api?.oauth2PermissionScopes ?? []).some((s) => s.value === entra.backend.scope))
    out.push({
      id: "backend-scope",
      status: "ok",
      title: "Backend scope",
      detail: `The backend exposes ${entra.backend.scope}.`,
    });
  else
    out.push({
      id: "backend-scope",
      status: "error",
      title: "Backend scope",
      detail: `The backend exposes no scope '${entra.backend.scope}' (ENTRA_BACKEND_SCOPE).`,
      fix: `Add the scope under the backend's Expose an API, or set ENTRA_BACKEND_SCOPE to one it exposes.`,
    });

  if (has(backend.api?.knownClientApplications, entra.frontend.clientId))
    out.push({
      id: "known-client",
      status: "ok",
      title: "knownClientApplications",
      detail: "The backend lists the frontend: one consent covers frontend → backend → Graph.",
    });
  else
    out.push({
      id: "known-client",
      status: "error",
      title: "knownClientApplications",
      detail: `The backend's api.knownClientApplications [${(backend.api?.knownClientApplications ?? []).join(", ")}] does not list the frontend ${entra.frontend.clientId}: a user's consent at sign-in will not cover the backend's Graph permissions, so OBO fails with AADSTS65001 and pages show "Grant access".`,
      fix: `In the backend registration's manifest (App registrations → ${backend.displayName} → Manifest, Microsoft Graph format) set "api": { "knownClientApplications": ["${entra.frontend.clientId}"] }. Users who signed in meanwhile consent once more (or an admin grants consent for the backend's Graph permissions).`,
    });

  const web = `${origin}/api/auth/callback/microsoft-entra-id`;
  if (isRegisteredRedirectUri(frontend.web?.redirectUris, web))
    out.push({ id: "web-redirect", status: "ok", title: "Frontend Web redirect URI", detail: web });
  else
    out.push({
      id: "web-redirect",
      status: "error",
      title: "Frontend Web redirect URI",
      detail: `${web} is not a Web redirect URI of the frontend${isRegisteredRedirectUri(frontend.spa?.redirectUris, web) ? " (it is registered under Single-page application, which cannot be redeemed by the server: AADSTS9002327)" : ""}: server-mode sign-in fails with AADSTS50011.`,
      fix: `Add ${web} under the frontend's Authentication → Web platform (or set AUTH_URL / --origin to the app's public origin).`,
    });

  const spa = `${origin}/spa-redirect`;
  if (isRegisteredRedirectUri(frontend.spa?.redirectUris, spa))
    out.push({ id: "spa-redirect", status: "ok", title: "Frontend SPA redirect URI", detail: spa });
  else
    out.push({
      id: "spa-redirect",
      status: "error",
      title: "Frontend SPA redirect URI",
      detail: `${spa} is not a Single-page application redirect URI of the frontend${isRegisteredRedirectUri(frontend.web?.redirectUris, spa) ? " (it is registered under Web: the browser's redemption fails with AADSTS9002326)" : ": msal-browser's sign-in fails with AADSTS50011"}, so SPA-mode pages cannot sign in.`,
      fix: `Add ${spa} under the frontend's Authentication → Single-page application platform (or set AUTH_URL / --origin to the app's public origin).`,
    });

  const logout = `${origin}/auth/frontchannel-logout`;
  if (frontend.web?.logoutUrl === logout)
    out.push({ id: "frontchannel-logout", status: "ok", title: "Front-channel logout URL", detail: logout });
  else
    out.push({
      id: "frontchannel-logout",
      status: "warning",
      title: "Front-channel logout URL",
      detail: `The frontend's front-channel logout URL is ${frontend.web?.logoutUrl ? frontend.web.logoutUrl : "not set"}: signing out of Entra through another app leaves this app's sessions signed in.`,
      fix: `Set ${logout} as the frontend's Authentication → Front-channel logout URL.`,
    });

  const wantsBackend = (frontend.requiredResourceAccess ?? []).some((r) => r.resourceAppId === entra.backend.clientId);
  if (wantsBackend)
    out.push({
      id: "frontend-permission",
      status: "ok",
      title: "Frontend API permission",
      detail: "The frontend requests a permission of the backend.",
    });
  else
    out.push({
      id: "frontend-permission",
      status: "warning",
      title: "Frontend API permission",
      detail:
        "The frontend's API permissions do not include the backend: consent for /.default will not list the backend's scope.",
      fix: `Add the backend's ${entra.backend.scope} under the frontend's API permissions → My APIs.`,
    });

  const consent = `${origin}/auth/consent/callback`;
  if (isRegisteredRedirectUri(backend.web?.redirectUris, consent))
    out.push({ id: "consent-redirect", status: "ok", title: "Backend consent redirect URI", detail: consent });
  else
    out.push({
      id: "consent-redirect",
      status: "warning",
      title: "Backend consent redirect URI",
      detail: `${consent} is not a Web redirect URI of the backend: the "Grant access" recovery for AADSTS65001 cannot run.`,
      fix: `Add ${consent} under the backend's Authentication → Web platform.`,
    });
  return out;
}
