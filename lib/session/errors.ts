export type AuthErrorCode =
  | "ERR_AUTH_DISCOVERY_FAILED" // the token endpoint could not be discovered
  | "ERR_AUTH_REFRESH_FAILED" // the token endpoint answered an error that does not end the session (5xx, network)
  | "ERR_AUTH_REFRESH_TIMEOUT" // another instance held the refresh lock and no new token appeared in time
  | "ERR_AUTH_SIGN_IN_INCOMPLETE"; // the ID token or token response lacked what a session needs

const MESSAGES: Record<AuthErrorCode, string> = {
  ERR_AUTH_DISCOVERY_FAILED: "The identity provider's metadata could not be read.",
  ERR_AUTH_REFRESH_FAILED: "The access token could not be refreshed; try again.",
  ERR_AUTH_REFRESH_TIMEOUT: "Timed out waiting for another instance to refresh the access token.",
  ERR_AUTH_SIGN_IN_INCOMPLETE: "The sign-in response lacked the oid/tid claims or the access token.",
};

/** Messages are fixed so they never carry token contents; `cause` keeps the detail for logs. */
export class AuthError extends Error {
  constructor(
    readonly code: AuthErrorCode,
    options?: { cause?: unknown },
  ) {
    super(MESSAGES[code], options);
    this.name = "AuthError";
  }
}
