import "server-only";
import { AuthError, InteractionRequiredAuthError, ServerError } from "@azure/msal-node";
import { getConfig } from "@/lib/config";
import { appFacts, diagnose, fromMsalError, handlingOf, type Flow } from "@/lib/diagnose";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/log";

// msal-node's errors → AppError. How each AADSTS code is treated comes from the app's one catalogue
// (lib/diagnose: `handling`); its title goes to the log, never Entra's text to the client.

export function aadsts(err: AuthError): number | undefined {
  const fromNo = Number((err as ServerError).errorNo);
  if (Number.isInteger(fromNo) && fromNo > 0) return fromNo;
  const m = /AADSTS(\d+)/.exec(err.errorMessage ?? err.message ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Entra's own refusals (an AADSTS code or an OAuth error from the token endpoint) get a diagnosis; network failures do not. */
function diagnosisOf(err: AuthError, flow: Flow, context: { assertion?: string; scopes?: string[] }) {
  const failure = fromMsalError(err, { flow, token: context.assertion, scopes: context.scopes });
  if (failure.aadsts === undefined && !(err instanceof ServerError || err instanceof InteractionRequiredAuthError))
    return {};
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
  const handling = handlingOf(code);
  // invalid_grant without a suberror (revoked sessions after a CAE challenge, a password change) is not
  // interaction required to msal-node, yet only a new sign-in fixes it; as do MFA enrollment and the like.
  if (err instanceof InteractionRequiredAuthError || handling === "sign-in-again") {
    log.info(entry, "obo: Entra requires an interactive sign-in");
    return new AppError("ERR_INTERACTION_REQUIRED", d, { cause: err });
  }
  if (code === 500133) {
    log.info(entry, "obo: the assertion is outside its valid time range");
    return new AppError("ERR_INVALID_TOKEN", { check: "expiry", ...d }, { cause: err });
  }
  if (
    handling === "misconfiguration" ||
    handling === "rejected-credential" ||
    err.errorCode === "invalid_client" ||
    err.errorCode === "unauthorized_client"
  ) {
    log.error(
      { ...entry, misconfiguration: d.diagnosis?.title ?? "the backend's client credentials were refused" },
      "obo: misconfiguration",
    );
    return new AppError("ERR_OBO_MISCONFIGURED", d, { cause: err });
  }
  if (isUnavailable(err, code)) {
    log.warn(entry, "obo: the identity platform is unreachable or failing");
    return new AppError("ERR_IDP_UNAVAILABLE", d, { cause: err });
  }
  log.error(entry, "obo: token request refused");
  return new AppError("ERR_OBO_MISCONFIGURED", d, { cause: err });
}

/** The identity platform is unreachable or failing (not a refusal): worth a retry later. */
function isUnavailable(err: AuthError, code: number | undefined): boolean {
  const status = (err as ServerError).status;
  return (
    err.errorCode === "network_error" ||
    err.errorCode === "endpoints_resolution_error" ||
    err.errorCode === "temporarily_unavailable" ||
    (status !== undefined && status >= 500) ||
    code === 50000
  );
}

/** Errors worth retrying with the next configured credential (e.g. a rotated secret). */
export function isCredentialRejected(err: unknown): boolean {
  if (!(err instanceof AuthError)) return false;
  return err.errorCode === "invalid_client" || handlingOf(aadsts(err)) === "rejected-credential";
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
  if (isUnavailable(err, code)) {
    log.warn(entry, "app token: the identity platform is unreachable or failing");
    return new AppError("ERR_IDP_UNAVAILABLE", {}, { cause: err });
  }
  const d = diagnosisOf(err, "client-credentials", { scopes });
  log.error(
    { ...entry, misconfiguration: d.diagnosis?.title ?? "the client-credentials request was refused" },
    "app token: misconfiguration",
  );
  return new AppError("ERR_OBO_MISCONFIGURED", d, {
    cause: err,
    message: "The server is misconfigured and cannot call Microsoft Graph with its own identity.",
  });
}
