import "server-only";
import { AuthError, InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { getConfig } from "@/lib/config";
import { appFacts, diagnose, fromMsalError, type Flow } from "@/lib/diagnose";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

// msal-node's errors → AppError. Entra's text goes to the log (it names the misconfiguration), never
// to the client.

const MISCONFIGURATION: Record<number, string> = {
  50013: "the OBO assertion failed signature validation: the caller passed a token not issued for this API (a Graph token or an ID token?) as the user assertion; clients must send an access token for api://{backend}/access_as_user",
  500131: "the OBO assertion's audience is not the backend: the frontend/SPA requested a token for another resource and passed it here; it must request the backend's scope (api://{backend}/access_as_user or /.default)",
  7000215: "the backend's client secret is wrong (ENTRA_BACKEND_CLIENT_SECRET)",
  7000222: "the backend's client secret has expired (ENTRA_BACKEND_CLIENT_SECRET)",
  7000218: "no backend credential was sent (ENTRA_BACKEND_CLIENT_SECRET or a certificate)",
  700027: "the backend certificate is not registered on the backend app registration (ENTRA_BACKEND_CERTIFICATE_*)",
  700016: "the backend client id is not an application in this tenant (ENTRA_BACKEND_CLIENT_ID)",
  70011: "a Graph scope requested by lib/graph is not valid",
  7000114: "the backend registration is not allowed to use the on-behalf-of flow",
  1002012: "a client-credentials request asked for a scope that does not end in /.default",
  500011: "the resource of a client-credentials scope is not in the tenant",
};

// invalid_grant without a suberror, so msal-node does not call them interaction required, yet only a new
// sign-in fixes them: the user's sessions were revoked (50173, e.g. after a CAE challenge from Graph) or
// the password changed or expired (50132, 50133).
const SIGN_IN_AGAIN = new Set([50173, 50132, 50133]);

export function aadsts(err: AuthError): number | undefined {
  const fromNo = Number((err as ServerError).errorNo);
  if (Number.isInteger(fromNo) && fromNo > 0) return fromNo;
  const m = /AADSTS(\d+)/.exec(err.errorMessage ?? err.message ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Entra's own refusals (an AADSTS code or an OAuth error from the token endpoint) get a diagnosis; network failures do not. */
function diagnosisOf(err: AuthError, flow: Flow, context: { assertion?: string; scopes?: string[] }) {
  const failure = fromMsalError(err, { flow, token: context.assertion, scopes: context.scopes });
  if (failure.aadsts === undefined && !(err instanceof ServerError || err instanceof InteractionRequiredAuthError)) return {};
  return { diagnosis: diagnose(failure, appFacts(getConfig())) };
}

export function mapOboError(err: unknown, scopes: string[], context: { assertion?: string } = {}): AppError {
  if (err instanceof AppError) return err;
  if (!(err instanceof AuthError)) {
    log.error({ err: String(err) }, "obo: unexpected failure");
    return new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: err });
  }
  const code = aadsts(err);
  const claims = err instanceof InteractionRequiredAuthError ? err.claims : undefined;
  const entry = { aadsts: code, errorCode: err.errorCode, subError: err.subError, correlationId: err.correlationId };
  const d = diagnosisOf(err, "obo", { assertion: context.assertion, scopes });

  if (code === 65001 || err.subError === "consent_required" || err.errorCode === "consent_required") {
    log.info({ ...entry, scopes }, "obo: the user has not consented to the backend's Graph permissions");
    return new AppError("ERR_OBO_CONSENT_REQUIRED", { scopes, ...d }, { cause: err });
  }
  if (claims) {
    log.info(entry, "obo: Entra asked for a claims challenge (conditional access, MFA)");
    return new AppError("ERR_OBO_CLAIMS_CHALLENGE", { claims, ...d }, { cause: err });
  }
  if (err instanceof InteractionRequiredAuthError || (code !== undefined && SIGN_IN_AGAIN.has(code))) {
    // MFA enrollment, a fresh sign-in, … without a claims challenge: only the user at the sign-in page can fix it.
    log.info(entry, "obo: Entra requires an interactive sign-in");
    return new AppError("ERR_INTERACTION_REQUIRED", d, { cause: err });
  }
  if (code === 500133) {
    log.info(entry, "obo: the assertion is outside its valid time range");
    return new AppError("ERR_INVALID_TOKEN", { check: "expiry", ...d }, { cause: err });
  }
  const misconfiguration = code !== undefined ? MISCONFIGURATION[code] : undefined;
  if (misconfiguration || err.errorCode === "invalid_client" || err.errorCode === "unauthorized_client") {
    log.error({ ...entry, misconfiguration: misconfiguration ?? "the backend's client credentials were refused" }, "obo: misconfiguration");
    return new AppError("ERR_OBO_MISCONFIGURED", d, { cause: err });
  }
  const status = (err as ServerError).status;
  if (err.errorCode === "network_error" || err.errorCode === "endpoints_resolution_error" || err.errorCode === "temporarily_unavailable" || (status !== undefined && status >= 500) || code === 50000) {
    log.warn(entry, "obo: the identity platform is unreachable or failing");
    return new AppError("ERR_IDP_UNAVAILABLE", d, { cause: err });
  }
  log.error(entry, "obo: token request refused");
  return new AppError("ERR_OBO_MISCONFIGURED", d, { cause: err });
}

/** Errors worth retrying with the next configured credential (e.g. a rotated secret). */
export function isCredentialRejected(err: unknown): boolean {
  if (!(err instanceof AuthError)) return false;
  const code = aadsts(err);
  return err.errorCode === "invalid_client" || code === 7000215 || code === 7000222 || code === 700027;
}

/** Client-credentials failures (the backend's own identity): misconfiguration or an unavailable IdP. */
export function mapAppTokenError(err: unknown, scopes: string[]): AppError {
  if (err instanceof AppError) return err;
  if (!(err instanceof AuthError)) {
    log.error({ err: String(err) }, "app token: unexpected failure");
    return new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: err });
  }
  const code = aadsts(err);
  const entry = { aadsts: code, errorCode: err.errorCode, correlationId: err.correlationId, scopes };
  const status = (err as ServerError).status;
  if (err.errorCode === "network_error" || err.errorCode === "endpoints_resolution_error" || err.errorCode === "temporarily_unavailable" || (status !== undefined && status >= 500) || code === 50000) {
    log.warn(entry, "app token: the identity platform is unreachable or failing");
    return new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: err });
  }
  log.error({ ...entry, misconfiguration: (code !== undefined ? MISCONFIGURATION[code] : undefined) ?? "the client-credentials request was refused" }, "app token: misconfiguration");
  return new AppError("ERR_OBO_MISCONFIGURED", diagnosisOf(err, "client-credentials", { scopes }), { cause: err, message: "The server is misconfigured and cannot call Microsoft Graph with its own identity." });
}
