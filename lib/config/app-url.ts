import type { ParsedEnv } from "./env-schema";
import type { AppConfig, Env } from "./types";

/**
 * The app's public origin. Never a request header: AUTH_URL; else (unless TRUST_PROXY_HEADERS=on hands it to
 * a trusted proxy) the loopback URL of the port the app listens on (`next dev`/`next start` set PORT), which a
 * real tenant in production may not fall back to.
 */
export function appUrlOf(
  e: ParsedEnv,
  provider: AppConfig["provider"],
  rawEnv: Env,
  problems: string[],
): string | undefined {
  if (e.AUTH_URL) return new URL(e.AUTH_URL).origin;
  if (e.TRUST_PROXY_HEADERS === "on") return undefined;
  if (provider === "entra" && rawEnv.NODE_ENV === "production") {
    problems.push(
      "AUTH_URL is required with a real tenant in production: set it to the app's public URL, the origin its redirect URIs are registered for (e.g. AUTH_URL=https://app.example.com).",
    );
    return undefined;
  }
  return `http://localhost:${/^\d{1,5}$/.test(rawEnv.PORT ?? "") ? rawEnv.PORT : 3000}`;
}
