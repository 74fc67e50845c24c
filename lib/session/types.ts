// What the server keeps per signed-in browser (never sent to it) and what pages may show.

/** The server-side half of a session, stored under its random id. Times are epoch seconds. */
export interface SessionRecord {
  sid: string;
  oid: string;
  tid: string;
  name: string;
  username: string; // preferred_username
  loginHint?: string; // the ID token's login_hint claim, for logout_hint
  idpSid?: string; // the ID token's sid claim: the Entra session, named by front-channel sign-out
  accessToken: string; // audience: the backend (api://{backend}/.default)
  accessTokenExpiresAt: number;
  refreshToken?: string;
  scope?: string;
  createdAt: number;
  updatedAt: number;
}

/** The signed-in user as pages see it: display claims only, and the app roles (what the header may offer). */
export interface SessionUser {
  name: string;
  username: string;
  oid: string;
  tid: string;
  /** The backend's app roles in the session's token (for showing links; routes check the token itself). */
  roles: string[];
}

/** The subset of v2.0 ID token claims the app reads. */
export interface IdTokenClaims {
  oid?: string;
  tid?: string;
  sub?: string;
  name?: string;
  preferred_username?: string;
  email?: string;
  login_hint?: string;
  sid?: string;
}
