// `npm run doctor`: checks the configuration end to end without a browser, in the order a sign-in and an
// OBO depend on it: discovery and JWKS over TLS, the issuer, the backend's credentials, its certificate,
// the frontend's scope against the backend's App ID URI, then (when the backend may read registrations
// through Graph: Application.Read.All) the wiring of both registrations. Each finding says how to fix it.
// No "server-only": it runs from the command line too. Prints claims, never tokens or secrets.
import { X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import type { AppConfig } from "../config";
import { describeCredential, msalCredentialOptions, type MsalCredentialOptions } from "../msal-credential";
import { appFacts, diagnose, fromMsalError, isMsalLikeError } from "./index";
import type { Finding, Registration, Status } from "./types";
import { appUrlFinding } from "./app-url";
import { isRegisteredRedirectUri } from "./redirect-uri";
import { checkTokenSettings } from "./token-settings";

export type { Finding, Registration, Status } from "./types";

export interface DoctorOptions {
  /** The app's public origin, for redirect URIs (default AUTH_URL, else http://localhost:3000). */
  origin?: string;
  /** Days before a certificate's expiry that turn it into a warning. */
  certificateWarningDays?: number;
}


const GRAPH_DEFAULT = "https://graph.microsoft.com/.default";
const DAY_MS = 24 * 3600 * 1000;


/** A one-off confidential client (no shared cache): the doctor's and the diagnostics page's live calls. */
export function client(config: AppConfig, clientId: string, credential: MsalCredentialOptions, clientCapabilities?: string[]) {
  return new ConfidentialClientApplication({
    auth: { clientId, authority: config.entra.authority, knownAuthorities: config.entra.knownAuthorities, ...credential, ...(clientCapabilities ? { clientCapabilities } : {}) },
  });
}

function describeFetchError(err: unknown, config: AppConfig): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code ?? "";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
    return `TLS: the server's certificate is not trusted (${code}).${config.provider === "emulator" ? " Run through `npm run doctor` (scripts/run-ts.mjs sets NODE_EXTRA_CA_CERTS to the emulator's CA)." : ""}`;
  }
  return `${code || (err as Error).message}${cause?.message && !code ? `: ${cause.message}` : ""}`;
}

async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers, signal: AbortSignal.timeout(10_000) });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

export async function runDoctor(config: AppConfig, options: DoctorOptions = {}): Promise<Finding[]> {
  const findings: Finding[] = [];
  const add = (f: Finding) => findings.push(f);
  const { entra } = config;
  const facts = appFacts(config);
  const origin = (options.origin ?? facts.appOrigin ?? "http://localhost:3000").replace(/\/+$/, "");
  const explain = (err: unknown, flow: "client-credentials", clientId: string, scopes: string[]) =>
    isMsalLikeError(err) ? diagnose(fromMsalError(err, { flow, clientId, scopes }), facts) : undefined;

  // 0. The app's own URL (a missing one is Auth.js's "Configuration" error at every sign-in).
  add(appUrlFinding(config));

  // 1. Discovery over TLS, and the issuer the app expects.
  const discoveryUrl = `${entra.authority}/v2.0/.well-known/openid-configuration`;
  let discovery: Record<string, unknown> | undefined;
  try {
    const { status, body } = await getJson(discoveryUrl);
    if (status === 200 && body && typeof body === "object") discovery = body as Record<string, unknown>;
    else {
      const d = body && typeof body === "object" && "error" in body ? diagnose({ ...fromEntraLike(body), flow: "discovery", tenant: entra.tenantId }, facts) : undefined;
      add({ id: "discovery", status: "error", title: "OpenID discovery", detail: `GET ${discoveryUrl} answered ${status}.`, fix: d?.fix ?? "Check ENTRA_INSTANCE and ENTRA_TENANT_ID.", diagnosis: d });
    }
  } catch (err) {
    add({ id: "discovery", status: "error", title: "OpenID discovery", detail: `GET ${discoveryUrl} failed: ${describeFetchError(err, config)}`, fix: config.provider === "emulator" ? "Start the emulator (npm run dev or npm run emulator)." : "Check ENTRA_INSTANCE and the network path to it." });
  }
  if (!discovery) return findings;
  add({ id: "discovery", status: "ok", title: "OpenID discovery", detail: `${discoveryUrl} reached over TLS.` });
  if (discovery.issuer === entra.issuer) add({ id: "issuer", status: "ok", title: "Issuer", detail: `${entra.issuer}` });
  else add({ id: "issuer", status: "error", title: "Issuer", detail: `Discovery says issuer '${String(discovery.issuer)}', the app expects '${entra.issuer}'. Sign-in would fail the issuer check.`, fix: "Use the tenant GUID in ENTRA_TENANT_ID (not a domain name or 'common') and the authority host in ENTRA_INSTANCE." });

  try {
    const { status, body } = await getJson(String(discovery.jwks_uri));
    const keys = (body as { keys?: Array<{ kty?: string }> } | undefined)?.keys ?? [];
    if (status === 200 && keys.some((k) => k.kty === "RSA")) add({ id: "jwks", status: "ok", title: "Signing keys (JWKS)", detail: `${keys.length} key(s) at ${String(discovery.jwks_uri)}` });
    else add({ id: "jwks", status: "error", title: "Signing keys (JWKS)", detail: `GET ${String(discovery.jwks_uri)} answered ${status} without RSA keys.`, fix: "Bearer validation needs the tenant's JWKS; check the authority." });
  } catch (err) {
    add({ id: "jwks", status: "error", title: "Signing keys (JWKS)", detail: `GET ${String(discovery.jwks_uri)} failed: ${describeFetchError(err, config)}` });
  }

  // 2. Certificates: thumbprint and expiry; federated tokens: the claims Entra matches (local, before any call).
  entra.backend.credentials.forEach((c, i) => {
    if (c.type === "federated") return add(federatedTokenFinding(c.tokenFile, i));
    if (c.type !== "certificate") return;
    const cert = new X509Certificate(c.certificatePem);
    const until = new Date(cert.validTo);
    const days = Math.floor((until.getTime() - Date.now()) / DAY_MS);
    const detail = `SHA-1 thumbprint ${cert.fingerprint.replaceAll(":", "")}, SHA-256 ${cert.fingerprint256.replaceAll(":", "").toLowerCase()}, subject ${cert.subject.replace(/\n/g, ", ")}, valid until ${until.toISOString()}`;
    if (days < 0) add({ id: `certificate-${i + 1}`, status: "error", title: `Backend certificate ${i + 1}`, detail: `Expired: ${detail}`, fix: "Create a new certificate, upload its public part to the backend registration, and point ENTRA_BACKEND_CERTIFICATE_PATH at it." });
    else if (days < (options.certificateWarningDays ?? 30)) add({ id: `certificate-${i + 1}`, status: "warning", title: `Backend certificate ${i + 1}`, detail: `Expires in ${days} day(s): ${detail}`, fix: "Renew it soon: upload the new certificate next to the old one, then switch ENTRA_BACKEND_CERTIFICATE_PATH." });
    else add({ id: `certificate-${i + 1}`, status: "ok", title: `Backend certificate ${i + 1}`, detail });
  });

  // 3. The backend's credentials, each with a client-credentials call (Graph's .default: Entra refuses a
  //    token for yourself by App ID URI, and this token reads the registrations below).
  let graphToken: string | undefined;
  for (const [i, credential] of entra.backend.credentials.entries()) {
    const title = `Backend ${describeCredential(credential, i)}`;
    try {
      const result = await client(config, entra.backend.clientId, msalCredentialOptions(credential)).acquireTokenByClientCredential({ scopes: [GRAPH_DEFAULT] });
      graphToken ??= result?.accessToken;
      add({ id: `backend-credential-${i + 1}`, status: "ok", title, detail: `Entra issued a token for ${entra.backend.clientId}.` });
    } catch (err) {
      const d = explain(err, "client-credentials", entra.backend.clientId, [GRAPH_DEFAULT]);
      add({ id: `backend-credential-${i + 1}`, status: "error", title, detail: d ? `${d.code}: ${d.cause}` : String((err as Error).message), fix: d?.fix, diagnosis: d });
    }
  }

  // 4. The frontend's requested scope must resolve to the backend: a client-credentials call by the
  //    frontend for `${appIdUri}/.default` fails with AADSTS500011 when no app has that App ID URI.
  const backendDefault = `${entra.backend.appIdUri}/.default`;
  try {
    const result = await client(config, entra.frontend.clientId, { clientSecret: entra.frontend.clientSecret }).acquireTokenByClientCredential({ scopes: [backendDefault] });
    const aud = result?.accessToken ? String(decodeJwt(result.accessToken).aud ?? "") : "";
    if (aud && aud !== entra.backend.clientId && aud !== entra.backend.appIdUri) {
      add({ id: "app-id-uri", status: "error", title: "Frontend scope → backend App ID URI", detail: `${backendDefault} resolves to application ${aud}, not the backend ${entra.backend.clientId}.`, fix: "ENTRA_BACKEND_APP_ID_URI names another app: set it to the backend registration's Application ID URI." });
    } else {
      add({ id: "app-id-uri", status: "ok", title: "Frontend scope → backend App ID URI", detail: `The frontend's credentials are valid and ${backendDefault} resolves to the backend.` });
    }
  } catch (err) {
    const d = explain(err, "client-credentials", entra.frontend.clientId, [backendDefault]);
    const id = d?.aadsts === 500011 || d?.aadsts === 70011 ? "app-id-uri" : "frontend-credential";
    const fix = id === "app-id-uri" ? `No application in the tenant has the App ID URI '${entra.backend.appIdUri}': set ENTRA_BACKEND_APP_ID_URI to the backend's Application ID URI (Expose an API), or add it there.` : d?.fix;
    add({ id, status: "error", title: id === "app-id-uri" ? "Frontend scope → backend App ID URI" : "Frontend credentials", detail: d ? `${d.code}: ${d.cause}` : String((err as Error).message), fix, diagnosis: d });
  }

  // 5. The registrations themselves, when the backend may read them.
  if (!graphToken) {
    add({ id: "registrations", status: "warning", title: "App registrations", detail: "Skipped: no backend token to read the registrations with.", fix: "Fix the backend credential first." });
    return findings;
  }
  const roles = decodeJwt(graphToken).roles;
  const canRead = Array.isArray(roles) && roles.some((r) => ["Application.Read.All", "Application.ReadWrite.All", "Directory.Read.All"].includes(String(r)));
  if (!canRead) {
    add({ id: "registrations", status: "warning", title: "App registrations", detail: "Not checked: the backend's Graph token has no Application.Read.All, so knownClientApplications and redirect URIs cannot be read.", fix: "Optional: grant the backend the Microsoft Graph application permission Application.Read.All (admin consent) to let the doctor check the registrations." });
    return findings;
  }
  let backend: Registration | undefined;
  let frontend: Registration | undefined;
  try {
    [backend, frontend] = await Promise.all([readRegistration(config, graphToken, entra.backend.clientId), readRegistration(config, graphToken, entra.frontend.clientId)]);
  } catch (err) {
    add({ id: "registrations", status: "warning", title: "App registrations", detail: `Could not read them through Graph: ${(err as Error).message}` });
    return findings;
  }
  for (const [reg, name, v] of [[backend, "backend", "ENTRA_BACKEND_CLIENT_ID"], [frontend, "frontend", "ENTRA_FRONTEND_CLIENT_ID"]] as const) {
    if (!reg) add({ id: `${name}-registration`, status: "error", title: `The ${name} registration`, detail: `No application with appId ${name === "backend" ? entra.backend.clientId : entra.frontend.clientId} in the tenant.`, fix: `Set ${v} to the registration's Application (client) ID.` });
  }
  if (backend && frontend) {
    findings.push(...checkWiring(config, backend, frontend, origin), ...checkTokenSettings(config, backend, frontend));
    // The scope check above could only say "no app has that URI"; the registration says which one to use.
    const scopeCheck = findings.find((f) => f.id === "app-id-uri" && f.status === "error");
    if (scopeCheck && backend.identifierUris[0] && !backend.identifierUris.includes(entra.backend.appIdUri)) {
      scopeCheck.fix = `Set ENTRA_BACKEND_APP_ID_URI to ${backend.identifierUris[0]} (the backend's Application ID URI), or add '${entra.backend.appIdUri}' under the backend's Expose an API.`;
    }
  }
  return findings;
}

function fromEntraLike(body: object): { aadsts?: number; error?: string } {
  const b = body as { error?: string; error_codes?: number[] };
  return { aadsts: b.error_codes?.[0], error: b.error };
}

/** GET /applications?$filter=appId eq '…' (Graph; needs Application.Read.All). */
export async function readRegistration(config: AppConfig, graphToken: string, appId: string): Promise<Registration | undefined> {
  const url = `${config.downstream.graph.baseUrl}/applications?$filter=${encodeURIComponent(`appId eq '${appId}'`)}`;
  const { status, body } = await getJson(url, { authorization: `Bearer ${graphToken}` });
  if (status !== 200) throw new Error(`GET /applications answered ${status}${(body as { error?: { code?: string } })?.error?.code ? ` ${(body as { error: { code: string } }).error.code}` : ""}`);
  return (body as { value?: Registration[] }).value?.[0];
}

/** The registration wiring this app depends on, as findings (pure: unit-testable and reused by /diagnostics). */
export function checkWiring(config: AppConfig, backend: Registration, frontend: Registration, origin: string): Finding[] {
  const { entra } = config;
  const out: Finding[] = [];
  const has = (list: string[] | undefined, v: string) => (list ?? []).includes(v);

  if (has(backend.identifierUris, entra.backend.appIdUri)) out.push({ id: "backend-app-id-uri", status: "ok", title: "Backend App ID URI", detail: `${entra.backend.appIdUri} is the backend's Application ID URI.` });
  else out.push({ id: "backend-app-id-uri", status: "error", title: "Backend App ID URI", detail: `The backend's Application ID URIs are [${backend.identifierUris.join(", ")}], but the app requests its scope as '${entra.backend.appIdUri}/${entra.backend.scope}' (ENTRA_BACKEND_APP_ID_URI). Sign-in then fails with AADSTS500011 (no app has that URI), or yields tokens for another app, which the API and OBO refuse (AADSTS500131).`, fix: `Set ENTRA_BACKEND_APP_ID_URI to ${backend.identifierUris[0] ?? `api://${entra.backend.clientId}`}, or set the backend's "Application ID URI" (Expose an API) to ${entra.backend.appIdUri}.` });

  if ((backend.api?.oauth2PermissionScopes ?? []).some((s) => s.value === entra.backend.scope)) out.push({ id: "backend-scope", status: "ok", title: "Backend scope", detail: `The backend exposes ${entra.backend.scope}.` });
  else out.push({ id: "backend-scope", status: "error", title: "Backend scope", detail: `The backend exposes no scope '${entra.backend.scope}' (ENTRA_BACKEND_SCOPE).`, fix: `Add the scope under the backend's Expose an API, or set ENTRA_BACKEND_SCOPE to one it exposes.` });

  if (has(backend.api?.knownClientApplications, entra.frontend.clientId)) out.push({ id: "known-client", status: "ok", title: "knownClientApplications", detail: "The backend lists the frontend: one consent covers frontend → backend → Graph." });
  else out.push({ id: "known-client", status: "error", title: "knownClientApplications", detail: `The backend's api.knownClientApplications [${(backend.api?.knownClientApplications ?? []).join(", ")}] does not list the frontend ${entra.frontend.clientId}: a user's consent at sign-in will not cover the backend's Graph permissions, so OBO fails with AADSTS65001 and pages show "Grant access".`, fix: `In the backend registration's manifest (App registrations → ${backend.displayName} → Manifest, Microsoft Graph format) set "api": { "knownClientApplications": ["${entra.frontend.clientId}"] }. Users who signed in meanwhile consent once more (or an admin grants consent for the backend's Graph permissions).` });

  const web = `${origin}/api/auth/callback/microsoft-entra-id`;
  if (isRegisteredRedirectUri(frontend.web?.redirectUris, web)) out.push({ id: "web-redirect", status: "ok", title: "Frontend Web redirect URI", detail: web });
  else out.push({ id: "web-redirect", status: "error", title: "Frontend Web redirect URI", detail: `${web} is not a Web redirect URI of the frontend${isRegisteredRedirectUri(frontend.spa?.redirectUris, web) ? " (it is registered under Single-page application, which cannot be redeemed by the server: AADSTS9002327)" : ""}: server-mode sign-in fails with AADSTS50011.`, fix: `Add ${web} under the frontend's Authentication → Web platform (or set AUTH_URL / --origin to the app's public origin).` });

  const spa = `${origin}/spa-redirect`;
  if (isRegisteredRedirectUri(frontend.spa?.redirectUris, spa)) out.push({ id: "spa-redirect", status: "ok", title: "Frontend SPA redirect URI", detail: spa });
  else out.push({ id: "spa-redirect", status: "error", title: "Frontend SPA redirect URI", detail: `${spa} is not a Single-page application redirect URI of the frontend${isRegisteredRedirectUri(frontend.web?.redirectUris, spa) ? " (it is registered under Web: the browser's redemption fails with AADSTS9002326)" : ": msal-browser's sign-in fails with AADSTS50011"}, so SPA-mode pages cannot sign in.`, fix: `Add ${spa} under the frontend's Authentication → Single-page application platform (or set AUTH_URL / --origin to the app's public origin).` });

  const logout = `${origin}/auth/frontchannel-logout`;
  if (frontend.web?.logoutUrl === logout) out.push({ id: "frontchannel-logout", status: "ok", title: "Front-channel logout URL", detail: logout });
  else out.push({ id: "frontchannel-logout", status: "warning", title: "Front-channel logout URL", detail: `The frontend's front-channel logout URL is ${frontend.web?.logoutUrl ? frontend.web.logoutUrl : "not set"}: signing out of Entra through another app leaves this app's sessions signed in.`, fix: `Set ${logout} as the frontend's Authentication → Front-channel logout URL.` });

  const wantsBackend = (frontend.requiredResourceAccess ?? []).some((r) => r.resourceAppId === entra.backend.clientId);
  if (wantsBackend) out.push({ id: "frontend-permission", status: "ok", title: "Frontend API permission", detail: "The frontend requests a permission of the backend." });
  else out.push({ id: "frontend-permission", status: "warning", title: "Frontend API permission", detail: "The frontend's API permissions do not include the backend: consent for /.default will not list the backend's scope.", fix: `Add the backend's ${entra.backend.scope} under the frontend's API permissions → My APIs.` });

  const consent = `${origin}/auth/consent/callback`;
  if (isRegisteredRedirectUri(backend.web?.redirectUris, consent)) out.push({ id: "consent-redirect", status: "ok", title: "Backend consent redirect URI", detail: consent });
  else out.push({ id: "consent-redirect", status: "warning", title: "Backend consent redirect URI", detail: `${consent} is not a Web redirect URI of the backend: the "Grant access" recovery for AADSTS65001 cannot run.`, fix: `Add ${consent} under the backend's Authentication → Web platform.` });
  return out;
}

/** What Entra will match against the backend's federated credentials: issuer, subject, audience; and the expiry. */
function federatedTokenFinding(tokenFile: string, i: number): Finding {
  const id = `federated-token-${i + 1}`;
  const title = `Backend federated token ${i + 1}`;
  let claims: ReturnType<typeof decodeJwt>;
  try {
    claims = decodeJwt(readFileSync(tokenFile, "utf8").trim());
  } catch {
    return { id, status: "error", title, detail: `${tokenFile} does not hold a JWT.`, fix: "Point ENTRA_BACKEND_FEDERATED_TOKEN_FILE at the token the platform projects (on AKS: $AZURE_FEDERATED_TOKEN_FILE)." };
  }
  const detail = `issuer ${String(claims.iss)}, subject ${String(claims.sub)}, audience ${[claims.aud].flat().join(", ")}${typeof claims.exp === "number" ? `, expires ${new Date(claims.exp * 1000).toISOString()}` : ""}`;
  if (typeof claims.exp === "number" && claims.exp * 1000 <= Date.now()) {
    return { id, status: "error", title, detail: `Expired: ${detail}`, fix: "The platform should rotate this file; check that the workload identity webhook or token projection is running." };
  }
  return { id, status: "ok", title, detail: `${detail} (these must match a federated credential of the backend)` };
}

export function exitCodeOf(findings: Finding[]): number {
  return findings.some((f) => f.status === "error") ? 1 : 0;
}

const MARK: Record<Status, string> = { ok: "ok  ", warning: "warn", error: "FAIL" };

export function formatFindings(findings: Finding[]): string {
  return findings
    .map((f) => [`[${MARK[f.status]}] ${f.title}: ${f.detail}`, ...(f.status !== "ok" && f.fix ? [`       fix: ${f.fix}`] : [])].join("\n"))
    .join("\n");
}
