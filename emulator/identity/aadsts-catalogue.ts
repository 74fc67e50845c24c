// The AADSTS catalogue: each code Entra answers with, its OAuth error, HTTP status and message text.
// errors.ts raises them and shapes them for each channel; it is the import path for the rest of the emulator.

export interface CatalogueEntry {
  error: string;
  status: number;
  message: string;
  suberror?: string;
}

const invalidClient = (message: string): CatalogueEntry => ({ error: "invalid_client", status: 401, message });
const invalidRequest = (message: string): CatalogueEntry => ({ error: "invalid_request", status: 400, message });
const invalidGrant = (message: string, suberror?: string): CatalogueEntry => ({
  error: "invalid_grant",
  status: 400,
  message,
  suberror,
});

/** `{name}` placeholders are filled from the args given when the error is raised. */
export const CATALOGUE: Record<number, CatalogueEntry> = {
  16000: {
    error: "interaction_required",
    status: 400,
    message:
      "Either multiple user identities are available for the current request or selected account is not supported for the scenario.",
  },
  28003: {
    error: "invalid_scope",
    status: 400,
    message:
      "Provided value for the input parameter scope cannot be empty when requesting an access token using the provided authorization code. Please specify a valid scope.",
  },
  50000: {
    error: "server_error",
    status: 500,
    message: "There was an error issuing a token or an issue with our sign-in service.",
  },
  50011: invalidRequest(
    "The redirect URI '{redirectUri}' specified in the request does not match the redirect URIs configured for the application '{appId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal. Navigate to https://aka.ms/redirectUriMismatchError to learn more about how to fix this.",
  ),
  50013: invalidGrant(
    "Assertion failed signature validation. [Reason - {reason}, Thumbprint of key used by client: '{kid}', Found key 'Start=01/01/2024 00:00:00, End=01/01/2026 00:00:00']",
  ),
  50027: invalidClient(
    "JWT token is invalid or malformed. The client assertion audience '{aud}' is not the token endpoint of this tenant.",
  ),
  50020: invalidRequest(
    "User account '{user}' from identity provider '{idp}' does not exist in tenant '{tenant}' and cannot access the application '{appId}'({appName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.",
  ),
  50034: invalidRequest(
    "The user account {user} does not exist in the {tenant} directory. To sign into this application, the account must be added to the directory.",
  ),
  50048: invalidClient("Subject mismatches Issuer claim in the client assertion for application '{appId}'."),
  50049: { error: "invalid_instance", status: 400, message: "Unknown or invalid instance." },
  50053: invalidGrant(
    "Your account is locked because you've tried to sign in too many times with an incorrect user ID or password.",
  ),
  50055: invalidGrant("The password is expired.", "user_password_expired"),
  50057: invalidGrant("The user account is disabled."),
  50058: { error: "login_required", status: 400, message: "{reason}" },
  50074: {
    error: "invalid_grant",
    status: 400,
    message: "Strong Authentication is required. The verification code you entered is not correct.",
  },
  50076: invalidGrant(
    "Due to a configuration change made by your administrator, or because you moved to a new location, you must use multi-factor authentication to access '{resource}'.",
    "basic_action",
  ),
  50079: {
    error: "interaction_required",
    status: 400,
    message:
      "Due to a configuration change made by your administrator, or because you moved to a new location, you must enroll in multi-factor authentication to access '{resource}'.",
  },
  50089: invalidGrant("Authentication failed due to flow token expired. Start the sign-in again from the application."),
  50126: invalidGrant("Error validating credentials due to invalid username or password."),
  50147: invalidRequest("Invalid size of Code_Challenge parameter."),
  50132: invalidGrant(
    "The session has been revoked due to password change or expiry. The user needs to sign in again.",
  ),
  50133: invalidGrant("Session is invalid due to expiration or recent password change."),
  50173: invalidGrant(
    "The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password. The grant was issued on '{issued}' and the TokensValidFrom date (before which tokens are not valid) for this user is '{validFrom}'.",
  ),
  50196: {
    error: "invalid_request",
    status: 400,
    message: "The server terminated an operation because it encountered a client request loop.",
  },
  53003: {
    error: "access_denied",
    status: 400,
    message: "Access has been blocked by Conditional Access policies. The access policy does not allow token issuance.",
  },
  54005: invalidGrant(
    "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.",
  ),
  65001: {
    error: "invalid_grant",
    status: 400,
    message:
      "The user or administrator has not consented to use the application with ID '{appId}' named '{appName}'. Send an interactive authorization request for this user and resource.",
    suberror: "consent_required",
  },
  65004: { error: "access_denied", status: 400, message: "User declined to consent to access the app." },
  70000: invalidGrant("Provided grant is invalid or malformed. {reason}"),
  70003: {
    error: "unsupported_grant_type",
    status: 400,
    message: "The app requested an unsupported grant type '{grantType}'.",
  },
  70005: {
    error: "unsupported_response_type",
    status: 400,
    message: "response_type '{responseType}' is not enabled for the application.",
  },
  70007: invalidRequest(
    "The application '{appName}' asked for an unsupported response mode '{responseMode}' when requesting a token.",
  ),
  70008: invalidGrant(
    "The provided authorization code or refresh token has expired due to inactivity. Send a new interactive authorization request for this user and resource.",
  ),
  70016: {
    error: "authorization_pending",
    status: 400,
    message: "OAuth 2.0 device flow error. Authorization is pending. Continue polling.",
  },
  70018: {
    error: "bad_verification_code",
    status: 400,
    message:
      "Invalid verification code due to the user typing in a wrong user code for the device code flow. Authorization is not approved.",
  },
  70019: {
    error: "expired_token",
    status: 400,
    message: "Verification code expired. Have the user retry the sign-in.",
  },
  70011: {
    error: "invalid_scope",
    status: 400,
    message:
      "The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.",
  },
  90002: invalidRequest(
    "Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.",
  ),
  90009: invalidRequest(
    "Application '{appId}'({appName}) is requesting a token for itself. This scenario is supported only if resource is specified using the GUID based App Identifier.",
  ),
  90014: invalidRequest(
    "The required field '{name}' is missing from the credential. Ensure that you have all the necessary parameters for the login request.",
  ),
  90094: { error: "access_denied", status: 400, message: "The grant requires admin permission." },
  500011: {
    error: "invalid_resource",
    status: 400,
    message:
      "The resource principal named {resource} was not found in the tenant named {tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.",
  },
  500131: invalidGrant(
    "Assertion audience does not match the Client app presenting the assertion. The audience in the assertion was '{aud}' and the expected audience is '{expected}' or one of the Application Uris of this application with App ID '{appId}'({appName}). The downstream client must request a token for the expected audience (the application that made the OBO request) and this application should use that token as the assertion.",
  ),
  500133: invalidGrant(
    "Assertion is not within its valid time range. Ensure that the access token is not expired before using it for user assertion, or request a new token. Current time: {now}, expiry time of assertion {exp}.",
  ),
  501481: invalidGrant("The code_verifier does not match the code_challenge supplied in the authorization request."),
  501491: invalidRequest("Invalid size of Code_Challenge parameter."),
  700005: invalidGrant("Provided Authorization Code is intended to use against other tenant, thus rejected."),
  700016: {
    error: "unauthorized_client",
    status: 400,
    message:
      "Application with identifier '{appId}' was not found in the directory '{tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.",
  },
  700022: {
    error: "invalid_scope",
    status: 400,
    message:
      "The provided value for the input parameter scope is not valid because it contains more than one resource. Scope {scope} is not valid.",
  },
  700211: invalidClient(
    "No matching federated identity record found for presented assertion issuer '{iss}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
  ),
  700212: invalidClient(
    "No matching federated identity record found for presented assertion audience '{aud}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
  ),
  700213: invalidClient(
    "No matching federated identity record found for presented assertion subject '{sub}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.",
  ),
  700236: invalidClient(
    "Entra ID tokens issued by issuer '{iss}' may not be used for federated identity credential flows for applications or managed identities registered in this tenant.",
  ),
  700024: invalidClient(
    "Client assertion is not within its valid time range. Current time: {now}, assertion valid from {nbf}, expiry time of assertion {exp}.",
  ),
  700025: invalidClient("Client is public so neither 'client_assertion' nor 'client_secret' should be presented."),
  700027: invalidClient(
    "Client assertion contains an invalid signature. [Reason - {reason}, Thumbprint of key used by client: '{thumbprint}']",
  ),
  700054: invalidRequest("response_type 'id_token' is not enabled for the application."),
  700081: invalidGrant(
    "The refresh token has expired due to maximum lifetime. The token was issued on {issued} and the maximum allowed lifetime for this application is 1.00:00:00.",
  ),
  700082: invalidGrant(
    "The refresh token has expired due to inactivity. The token was issued on {issued} and was inactive for 90.00:00:00.",
  ),
  700084: invalidGrant(
    "The refresh token was issued to a single page app (SPA), and therefore has a fixed, limited lifetime of 1.00:00:00, which can't be extended. It is now expired and a new sign in request must be sent by the SPA to the sign in page. The token was issued on {issued}.",
  ),
  900144: invalidRequest("The request body must contain the following parameter: '{name}'."),
  900561: invalidRequest(
    "BadResourceRequestInvalidRequest - The endpoint only accepts POST requests. Received a {method} request.",
  ),
  1002012: {
    error: "invalid_scope",
    status: 400,
    message:
      "The provided value for scope {scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).",
  },
  5002741: invalidClient(
    "The number of audience values in the client assertion exceeds the maximum allowed. A client assertion must name exactly one audience, the token endpoint.",
  ),
  7000114: {
    error: "unauthorized_client",
    status: 400,
    message: "Application '{appId}' is not allowed to make application on-behalf-of calls.",
  },
  7000215: invalidClient(
    "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '{appId}'.",
  ),
  7000218: invalidClient(
    "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
  ),
  7000222: invalidClient(
    "The provided client secret keys for app '{appId}' are expired. Visit the Azure portal to create new keys for your app: https://aka.ms/NewClientSecret, or consider using certificate credentials for added security: https://aka.ms/certCreds.",
  ),
  9001023: {
    error: "invalid_request",
    status: 400,
    message:
      "The grant type is not supported over the /common or /consumers endpoints. Please use the /organizations or tenant-specific endpoint.",
  },
  9002313: invalidGrant("Invalid request. Request is malformed or invalid.", "bad_token"),
  9002325: invalidRequest("Proof Key for Code Exchange is required for cross-origin authorization code redemption."),
  9002326: invalidRequest(
    "Cross-origin token redemption is permitted only for the 'Single-Page Application' client-type. Request origin: '{origin}'.",
  ),
  9002327: invalidRequest(
    "Tokens issued for the 'Single-Page Application' client-type may only be redeemed via cross-origin requests.",
  ),
};
