// Sign-in errors for people: Entra's redirect to the NextAuth callback carries error, error_description
// (AADSTS…) and suberror, but Auth.js only passes its own error type on to the error page. This keeps
// the code (never the description, which holds trace ids) for app/auth/error to explain.
import { fromRedirect } from "./index";

export const AUTH_ERROR_PATH = "/auth/error";

/** Wraps the NextAuth GET handler: an IdP error at the callback goes straight to the error page, with its code. */
export function withEntraErrorPage<R extends Request>(handler: (request: R) => Promise<Response>): (request: R) => Promise<Response> {
  return async (request: R) => {
    const url = new URL(request.url);
    if (url.pathname.includes("/callback/") && url.searchParams.has("error")) {
      const failure = fromRedirect(url.searchParams, { flow: "sign-in" });
      const target = new URL(AUTH_ERROR_PATH, url);
      target.searchParams.set("error", "OAuthCallbackError");
      if (failure.error) target.searchParams.set("entra_error", failure.error);
      if (failure.aadsts) target.searchParams.set("aadsts", String(failure.aadsts));
      if (failure.suberror) target.searchParams.set("suberror", failure.suberror);
      return Response.redirect(target, 302);
    }
    return handler(request);
  };
}
