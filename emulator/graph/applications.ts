// GET /applications?$filter=appId eq '{id}' (app registrations, read-only): what Graph returns for the
// manifest fields a configuration check needs. Secrets never leave: password credentials show only
// their display name and expiry, key credentials their type and thumbprint-free metadata.
import type { Application } from "../config.ts";
import { stableGuid } from "../config.ts";
import { unsupportedQuery } from "./errors.ts";
import type { Call, Reply } from "./handlers.ts";
import { metadataUrl, page, parseTop } from "./odata.ts";

export function graphApplication(app: Application): Record<string, unknown> {
  return {
    id: stableGuid(`application:${app.appId}`),
    appId: app.appId,
    displayName: app.displayName,
    signInAudience: app.signInAudience,
    identifierUris: app.identifierUris,
    api: {
      requestedAccessTokenVersion: app.api.requestedAccessTokenVersion,
      knownClientApplications: app.api.knownClientApplications,
      oauth2PermissionScopes: app.api.oauth2PermissionScopes.map((s) => ({
        id: s.id,
        value: s.value,
        type: s.adminConsentRequired ? "Admin" : "User",
        isEnabled: true,
        adminConsentDisplayName: s.displayName ?? s.value,
      })),
      preAuthorizedApplications: app.api.preAuthorizedApplications,
    },
    appRoles: app.appRoles.map((r) => ({
      id: r.id,
      value: r.value,
      displayName: r.displayName ?? r.value,
      allowedMemberTypes: r.allowedMemberTypes,
      isEnabled: true,
    })),
    web: {
      redirectUris: app.web.redirectUris,
      logoutUrl: app.web.logoutUrl ?? null,
      implicitGrantSettings: app.web.implicitGrantSettings,
    },
    spa: { redirectUris: app.spa.redirectUris },
    publicClient: { redirectUris: app.publicClient.redirectUris },
    isFallbackPublicClient: app.isFallbackPublicClient,
    requiredResourceAccess: app.requiredResourceAccess,
    optionalClaims: app.optionalClaims,
    passwordCredentials: app.passwordCredentials.map((p) => ({
      displayName: p.displayName ?? null,
      endDateTime: p.expiry ?? null,
    })),
    keyCredentials: app.keyCredentials.map((k) => ({
      displayName: k.displayName ?? null,
      type: "AsymmetricX509Cert",
      usage: "Verify",
    })),
  };
}

const APP_ID_FILTER = /^\s*appId\s+eq\s+'([0-9a-fA-F-]{36})'\s*$/;

export function listApplications(call: Call): Reply {
  const { ctx, req, version } = call;
  const filter = req.url.searchParams.get("$filter");
  let apps = ctx.config.applications;
  if (filter !== null) {
    const m = APP_ID_FILTER.exec(filter);
    if (!m)
      throw unsupportedQuery(`Unsupported query: the emulator supports $filter=appId eq '<guid>' on applications.`);
    apps = apps.filter((a) => a.appId.toLowerCase() === m[1].toLowerCase());
  }
  const { value, nextLink } = page(ctx, req, apps, parseTop(req));
  return {
    json: {
      "@odata.context": metadataUrl(ctx, version, "applications"),
      ...(nextLink ? { "@odata.nextLink": nextLink } : {}),
      value: value.map(graphApplication),
    },
  };
}
