// The backend's own consent ("Grant access"). When OBO answers AADSTS65001 the user consented to the
// frontend → backend hop only (the backend does not list the frontend in knownClientApplications), so
// signing in to the frontend again cannot help: the user must consent to the BACKEND → Graph
// permissions in an authorize request made with the backend's client id. The code that comes back is
// not redeemed; the consent recorded at the tenant is all that was needed.
// The same request serves incremental consent: a permission a page added later (Tasks.ReadWrite) is asked
// for by name, so the consent page lists exactly it; the grant is the backend's, so it covers both modes.
import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { cookies } from "next/headers";
import { getConfig } from "@/lib/config";
import { INCREMENTAL_SCOPES } from "@/lib/incremental-scopes";
import { log } from "@/lib/log";
import { readSessionCookie, secureCookiesFor } from "./cookie";
import { safeReturnTo } from "@/lib/auth-paths";
import { getSessions } from "./runtime";

export const CONSENT_CALLBACK_PATH = "/auth/consent/callback";
const COOKIE = "backend-consent";
const COOKIE_PATH = "/auth/consent";
const LIFETIME_SECONDS = 600;

/** Why the user came back without the consent; the page reads it from `?consent=`. */
export type ConsentOutcome = "declined" | "failed";

interface Pending {
  state: string;
  returnTo: string;
}

/** The requested scopes when every one is an incremental scope of this app's, else [] (the full consent). */
export function consentableScopes(scope: string | null | undefined): string[] {
  const scopes = (scope ?? "").split(" ").filter(Boolean);
  return scopes.length > 0 &&
    scopes.length <= INCREMENTAL_SCOPES.length &&
    scopes.every((s) => INCREMENTAL_SCOPES.includes(s))
    ? scopes
    : [];
}

export function backendConsentAuthorizeUrl(opts: {
  origin: string;
  state: string;
  loginHint?: string;
  scopes?: string[];
}): string {
  const { entra } = getConfig();
  const incremental = opts.scopes?.length ? opts.scopes : undefined;
  const params = new URLSearchParams({
    client_id: entra.backend.clientId,
    response_type: "code",
    redirect_uri: `${opts.origin}${CONSENT_CALLBACK_PATH}`,
    // `.default` with prompt=consent asks for every Graph permission the backend registration lists;
    // named scopes ask for just those, and Entra prompts only for the ones not granted yet.
    scope: incremental ? `${incremental.join(" ")} openid` : "https://graph.microsoft.com/.default openid",
    state: opts.state,
  });
  if (!incremental) params.set("prompt", "consent");
  if (opts.loginHint) params.set("login_hint", opts.loginHint);
  return `${entra.authority}/oauth2/v2.0/authorize?${params}`;
}

/**
 * Remembers state and returnTo in a short-lived HttpOnly cookie and returns the authorize URL to send the
 * browser to. `scope`: the incremental scopes to ask for (others are ignored: then the full consent).
 */
export async function startBackendConsent(
  origin: string,
  returnTo: string | null,
  scope: string | null = null,
): Promise<string> {
  const pending: Pending = { state: randomBytes(32).toString("base64url"), returnTo: safeReturnTo(returnTo) };
  const jar = await cookies();
  jar.set(COOKIE, Buffer.from(JSON.stringify(pending)).toString("base64url"), {
    path: COOKIE_PATH,
    maxAge: LIFETIME_SECONDS,
    httpOnly: true,
    sameSite: "lax", // the IdP brings the browser back with a top-level GET
    secure: secureCookiesFor(getConfig().auth.url) ?? origin.startsWith("https:"),
  });
  return backendConsentAuthorizeUrl({
    origin,
    state: pending.state,
    loginHint: await sessionLoginHint(),
    scopes: consentableScopes(scope),
  });
}

export type ConsentCallbackResult = { ok: true; location: string } | { ok: false; message: string };

/**
 * Checks the IdP's answer against the cookie, in order: a pending request exists, its state matches,
 * then the outcome. Returns the same-origin path to go back to (with `?consent=` when it did not work).
 */
export async function finishBackendConsent(query: URLSearchParams): Promise<ConsentCallbackResult> {
  const jar = await cookies();
  const pending = readPending(jar.get(COOKIE)?.value);
  if (pending) jar.set(COOKIE, "", { path: COOKIE_PATH, maxAge: 0, httpOnly: true, sameSite: "lax" });
  if (!pending)
    return {
      ok: false,
      message:
        "This consent request expired or was not started in this browser. Go back and choose Grant access again.",
    };
  if (!sameState(pending.state, query.get("state")))
    return { ok: false, message: "The consent response does not match the request made from this browser." };

  const error = query.get("error");
  if (error) {
    log.info(
      { error, aadsts: /AADSTS(\d+)/.exec(query.get("error_description") ?? "")?.[1] },
      "backend consent not given",
    );
    return { ok: true, location: withOutcome(pending.returnTo, error === "access_denied" ? "declined" : "failed") };
  }
  if (!query.get("code")) return { ok: true, location: withOutcome(pending.returnTo, "failed") };
  return { ok: true, location: pending.returnTo };
}

function readPending(value: string | undefined): Pending | undefined {
  if (!value) return undefined;
  try {
    const p = JSON.parse(Buffer.from(value, "base64url").toString("utf8")) as Partial<Pending>;
    return typeof p.state === "string" && typeof p.returnTo === "string"
      ? { state: p.state, returnTo: safeReturnTo(p.returnTo) }
      : undefined;
  } catch {
    return undefined;
  }
}

function sameState(expected: string, got: string | null): boolean {
  if (!got) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(got);
  return a.length === b.length && timingSafeEqual(a, b);
}

function withOutcome(returnTo: string, outcome: ConsentOutcome): string {
  const url = new URL(returnTo, "http://return-to.invalid");
  url.searchParams.set("consent", outcome);
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The signed-in user's login hint (or username) so the IdP skips the account choice. */
async function sessionLoginHint(): Promise<string | undefined> {
  const claims = await readSessionCookie(await cookies(), getConfig().auth.secret);
  const record = claims ? await getSessions().load(claims.sid) : undefined;
  return record?.loginHint || record?.username || undefined;
}
