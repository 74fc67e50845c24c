// No redirect the app answers takes its host or scheme from the request: with Host, X-Forwarded-Host and
// X-Forwarded-Proto forged, every redirecting route still sends the browser to the app's own origin (or to
// the IdP with the app's own redirect URI). The app runs as `npm start` runs it: no AUTH_URL given, the
// wrapper derives it from the port. Also: return paths that normalize to "//host" end on "/".
import { expect, test } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { PROTOCOL_RELATIVE_AFTER_NORMALIZING } from "../test/support/return-paths";
import { cookieValue, rawRequest, type RawResponse } from "./support/raw-http";

const APP = new URL(APP_URL).origin;
const FORGERIES: Array<Record<string, string>> = [
  { host: "evil.example" },
  { "x-forwarded-host": "evil.example" },
  { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
  { "x-forwarded-proto": "https" },
  {
    host: "evil.example:443",
    "x-forwarded-host": "evil.example",
    "x-forwarded-proto": "https",
    "x-forwarded-port": "443",
  },
];
const form = { "content-type": "application/x-www-form-urlencoded" };
const consentCookie = `backend-consent=${Buffer.from(JSON.stringify({ state: "s", returnTo: "/profile" })).toString("base64url")}`;

/** Every route that answers a redirect, each as a signed-out browser (or a client) would call it. */
const ROUTES: Array<{ name: string; send: (h: Record<string, string>) => Promise<RawResponse> }> = [
  { name: "a protected page (the sign-in gate)", send: (h) => rawRequest(`${APP_URL}/profile`, { headers: h }) },
  { name: "GET /page-mode", send: (h) => rawRequest(`${APP_URL}/page-mode?page=profile&mode=server`, { headers: h }) },
  { name: "GET /auth/signin", send: (h) => rawRequest(`${APP_URL}/auth/signin?returnTo=%2Fgroups`, { headers: h }) },
  {
    name: "GET /auth/reauth",
    send: (h) => rawRequest(`${APP_URL}/auth/reauth?returnTo=%2Fgroups&prompt=login`, { headers: h }),
  },
  { name: "GET /auth/consent", send: (h) => rawRequest(`${APP_URL}/auth/consent?returnTo=%2Fgroups`, { headers: h }) },
  {
    name: "GET /auth/consent/callback",
    send: (h) =>
      rawRequest(`${APP_URL}/auth/consent/callback?state=s&code=c`, { headers: { ...h, cookie: consentCookie } }),
  },
  { name: "POST /auth/signout", send: (h) => rawRequest(`${APP_URL}/auth/signout`, { method: "POST", headers: h }) },
  {
    name: "the callback with an IdP error",
    send: (h) =>
      rawRequest(`${APP_URL}/api/auth/callback/microsoft-entra-id?error=access_denied&state=x`, { headers: h }),
  },
  {
    name: "the callback with a forged code",
    send: (h) => rawRequest(`${APP_URL}/api/auth/callback/microsoft-entra-id?code=c&state=s`, { headers: h }),
  },
  { name: "GET /api/auth/signin", send: (h) => rawRequest(`${APP_URL}/api/auth/signin`, { headers: h }) },
  {
    name: "GET /api/auth/error",
    send: (h) => rawRequest(`${APP_URL}/api/auth/error?error=Configuration`, { headers: h }),
  },
  { name: "POST /api/auth/signin/microsoft-entra-id", send: (h) => withCsrf(h, "/api/auth/signin/microsoft-entra-id") },
  { name: "POST /api/auth/signout", send: (h) => withCsrf(h, "/api/auth/signout") },
];

/** Auth.js's form posts: the CSRF cookie and token first (asked for with the same forged headers). */
async function withCsrf(h: Record<string, string>, path: string): Promise<RawResponse> {
  const csrf = await rawRequest(`${APP_URL}/api/auth/csrf`, { headers: h });
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const cookie = csrf.setCookies.map((l) => l.split(";")[0]).join("; ");
  return rawRequest(`${APP_URL}${path}`, {
    method: "POST",
    headers: { ...h, ...form, cookie },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/groups" }).toString(),
  });
}

/** The URLs a redirect sends the browser to, or hands the IdP to send it back to. */
function targets(res: RawResponse): string[] {
  expect(res.status, `a redirect, got ${res.status}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(300);
  expect(res.status).toBeLessThan(400);
  const location = new URL(res.location!, APP_URL);
  const nested = ["redirect_uri", "post_logout_redirect_uri"]
    .map((p) => location.searchParams.get(p))
    .filter((v): v is string => !!v);
  return [location.href, ...nested];
}

for (const route of ROUTES) {
  test(`${route.name}: forged Host / X-Forwarded-Host / X-Forwarded-Proto never change the origin`, async () => {
    const honest = targets(await route.send({}));
    for (const forged of FORGERIES) {
      const res = await route.send(forged);
      const urls = targets(res);
      expect(urls, JSON.stringify(forged)).toEqual(
        honest.map((u) =>
          new URL(u).origin === APP
            ? expect.stringMatching(new RegExp(`^${APP}/`))
            : expect.stringMatching(new RegExp(`^${EMULATOR_URL}/`)),
        ),
      );
      for (const url of urls)
        expect([APP, EMULATOR_URL], `${url} (${JSON.stringify(forged)})`).toContain(new URL(url).origin);
      expect(`${res.location} ${res.setCookies.join(" ")}`).not.toContain("evil.example");
    }
  });
}

test("the callback's Auth.js errors land on the app's own error page, naming their cause", async () => {
  const res = await rawRequest(`${APP_URL}/api/auth/callback/microsoft-entra-id?code=c&state=s`, {
    headers: { "x-forwarded-host": "evil.example" },
  });
  const location = new URL(res.location!);
  expect(location.origin).toBe(APP);
  expect(location.pathname).toBe("/auth/error");
  expect(Object.fromEntries(location.searchParams)).toEqual({ error: "Configuration", cause: "check" }); // no PKCE cookie: InvalidCheck
});

test.describe("return paths that normalize to another host end on /", () => {
  for (const returnTo of PROTOCOL_RELATIVE_AFTER_NORMALIZING) {
    test(`returnTo=${returnTo}`, async () => {
      const q = encodeURIComponent(returnTo);
      // sign-in and re-auth: Auth.js keeps the return URL in its callback-url cookie
      for (const path of [`/auth/signin?returnTo=${q}`, `/auth/reauth?returnTo=${q}&prompt=login`]) {
        const res = await rawRequest(`${APP_URL}${path}`);
        expect(res.status, path).toBe(307);
        expect(cookieValue(res.setCookies, "authjs.callback-url"), path).toBe(`${APP}/`);
      }
      // backend consent: the return path waits in its own cookie
      const consent = await rawRequest(`${APP_URL}/auth/consent?returnTo=${q}`);
      const pending = JSON.parse(
        Buffer.from(cookieValue(consent.setCookies, "backend-consent")!, "base64url").toString("utf8"),
      ) as { returnTo: string };
      expect(pending.returnTo).toBe("/");
      const back = await rawRequest(`${APP_URL}/auth/consent/callback?state=s&code=c`, {
        headers: {
          cookie: `backend-consent=${Buffer.from(JSON.stringify({ state: "s", returnTo })).toString("base64url")}`,
        },
      });
      expect(back.location).toBe(`${APP}/`);
      // page-mode: it only ever returns to the page it flipped
      const flip = await rawRequest(`${APP_URL}/page-mode?page=groups&mode=server&returnTo=${q}`);
      expect(flip.location).toBe(`${APP}/groups`);
    });
  }
});
