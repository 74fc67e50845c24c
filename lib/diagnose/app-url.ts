// The doctor's first finding: which URL the app believes is its own. Auth.js answers every sign-in with
// error=Configuration ("UntrustedHost") when it cannot know it, which looks like a secret or redirect URI
// problem; this names the real cause before any other check runs.
import type { AppConfig } from "../config";
import type { Finding } from "./types";

export function appUrlFinding(config: AppConfig): Finding {
  const { auth, provider } = config;
  const title = "The app's URL";
  if (auth.urlFrom === "AUTH_URL")
    return {
      id: "app-url",
      status: "ok",
      title,
      detail: `AUTH_URL=${auth.url}: the redirect URIs sent to Entra and every redirect the app answers are built from it, never from a request's Host or X-Forwarded-* headers.`,
    };
  if (auth.urlFrom === "proxy")
    return {
      id: "app-url",
      status: "ok",
      title,
      detail:
        "TRUST_PROXY_HEADERS=on without AUTH_URL: the app takes its origin from X-Forwarded-Proto and X-Forwarded-Host. The proxy in front must set them and overwrite whatever a client sends.",
    };
  if (provider === "emulator")
    return {
      id: "app-url",
      status: "ok",
      title,
      detail: `${auth.url}, from the port the app listens on (npm run dev and npm start set AUTH_URL from it).`,
    };
  return {
    id: "app-url",
    status: "warning",
    title,
    detail: `AUTH_URL is not set. In development the app uses ${auth.url} (its port), but with NODE_ENV=production (npm start) it stops at start until AUTH_URL names its public URL: an app that does not know its URL cannot build the redirect URI, and Auth.js answers such sign-ins with /auth/error?error=Configuration (UntrustedHost).`,
    fix: "Set AUTH_URL to the app's public URL (e.g. https://app.example.com), the origin its redirect URIs are registered for; or TRUST_PROXY_HEADERS=on behind a proxy you trust to set X-Forwarded-Host.",
  };
}
