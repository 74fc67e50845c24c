// Paths of SPA mode shared by the server (proxy, MSAL config) and the browser. No MSAL import here.

/** The SPA platform redirect URI registered on the frontend; a web one fails with AADSTS9002326. */
export const SPA_REDIRECT_PATH = "/spa-redirect";
