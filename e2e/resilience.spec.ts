// Sign-in-time faults against the built app: the identity provider failing the server's code redemption,
// failing /authorize, and unreachable altogether; the SPA's own code redemption failing. Each ends on a
// page that says what happened and what to do (never a 500 or a stack, never a blank page), the server
// keeps running, and signing in works again once the fault ends. Faults during requests (OBO, Redis,
// Graph 429/503, key rotation, clock skew) are in test/resilience.test.ts and its neighbours; bad input
// on the non-API routes against the built server is at the end of this file.
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { backAtApp, resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

const NO_STACK = /\n\s+at |node_modules|Internal Server Error|Application error/;

async function fault(request: APIRequestContext, body: Record<string, unknown>, emulatorUrl = EMULATOR_URL) {
  const res = await request.post(`${emulatorUrl}/_admin/faults`, { data: body });
  expect(res.status()).toBe(201);
}
async function clearFaults(request: APIRequestContext, emulatorUrl = EMULATOR_URL) {
  expect(
    (await request.delete(`${emulatorUrl}/_admin/faults`, { headers: { "content-type": "application/json" } })).ok(),
  ).toBeTruthy();
}

/** The sign-in error page: a title, what happened and what to do, a way to sign in again; no stack. */
async function expectSignInErrorPage(page: Page, base = APP_URL) {
  await expect(page).toHaveURL(new RegExp(`^${base}/auth/error\\?`));
  const card = page.getByTestId("auth-error");
  await expect(card).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sign-in problem" })).toBeVisible();
  await expect(page.getByTestId("diagnosis")).toBeAttached();
  // What happened (a title), its cause and what to do (the diagnosis), whatever the wording.
  await expect(card.locator(".error").first()).not.toBeEmpty();
  const text = (await card.innerText()) + (await page.getByTestId("diagnosis").textContent());
  expect(text).toMatch(/Cause/);
  expect(text).toMatch(/Fix/);
  expect(await page.content()).not.toMatch(NO_STACK);
  await expect(page.getByTestId("sign-in-again")).toBeVisible();
  return text;
}

test.describe("the server's code redemption fails at the token endpoint", () => {
  test.beforeEach(async ({ request }) => {
    await resetEmulator(request);
  });

  for (const [name, body] of [
    ["AADSTS50000 (server_error)", { aadsts: 50000 }],
    ["HTTP 503 with Retry-After", { status: 503, retryAfterSeconds: 1 }],
  ] as const) {
    test(`${name}: a clear error page, then signing in again works`, async ({ page, request }) => {
      await fault(request, { target: "token", match: "authorization_code", ...body });
      const statuses: number[] = [];
      page.on("response", (r) => {
        if (r.url().startsWith(APP_URL)) statuses.push(r.status());
      });
      await page.goto("/profile");
      await signInAtEmulator(page, USERS.adele);
      await page.waitForURL(/\/auth\/error\?/);
      const text = await expectSignInErrorPage(page);
      // Auth.js reports a refused redemption as its own error type (the AADSTS code stays in the server log).
      expect(page.url()).toMatch(/error=(OAuthCallbackError|Configuration|CallbackRouteError)/);
      // The token endpoint's answer reaches the page as a code, so the page does not blame the redirect.
      expect(page.url()).toContain("stage=token");
      if ("aadsts" in body) expect(page.url()).toContain(`aadsts=${body.aadsts}`);
      expect(text).toMatch(/sign-in again|Sign in again|doctor/i);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      // No session was made: the page still asks for a sign-in.
      expect((await page.request.get("/api/me")).status()).toBe(401);

      // The fault was one answer: "Sign in again" goes through (the IdP's session makes it silent).
      await page.getByTestId("sign-in-again").click();
      await backAtApp(page);
      await page.goto("/profile");
      await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    });
  }
});

test("the IdP fails /authorize: the error page explains the AADSTS code, then signing in again works", async ({
  page,
  request,
}) => {
  await resetEmulator(request);
  await fault(request, { target: "authorize", aadsts: 50000 });
  const res = await page.goto("/profile");
  expect(res?.status()).toBeLessThan(500);
  await page.waitForURL(/\/auth\/error\?/);
  await expectSignInErrorPage(page);
  expect(page.url()).toContain("aadsts=50000");
  await expect(page.getByTestId("auth-error")).toHaveAttribute("data-code", /.+/);

  await page.getByTestId("sign-in-again").click();
  await signInAtEmulator(page, USERS.adele);
  await page.goto("/profile");
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
});

test("the SPA's code redemption fails: the page shows an error with a retry, not a blank page; a new tab signs in", async ({
  page,
  context,
  request,
}) => {
  await resetEmulator(request);
  await context.addCookies([{ name: "page-mode", value: "*=server", url: APP_URL }]);
  await page.goto("/groups");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/groups$/);
  await expect(page.getByTestId("groups-count")).toHaveText("2");

  // Every authorization_code redemption fails: the spa_code, silent SSO's code and the redirect's code.
  await fault(request, { target: "token", match: "authorization_code", aadsts: 50000, count: 50 });
  await context.addCookies([{ name: "page-mode", value: "profile=spa", url: APP_URL }]);
  await page.goto("/profile");
  // The spa_code and silent SSO fail, then the sign-in redirect comes back and its redemption fails too.
  const problem = page.getByTestId("problem");
  await expect(problem).toBeVisible({ timeout: 30_000 });
  await expect(page).toHaveURL(new RegExp(`^${APP_URL}/profile`));
  await expect(problem).toContainText(/sign|failed/i);
  await expect(page.getByTestId("retry")).toBeVisible();
  expect(await page.content()).not.toMatch(NO_STACK);

  // Recovery: the fault ends; a new tab (msal-browser throttles the failed request in this tab's
  // sessionStorage for up to a minute) signs in from the IdP session with no screen.
  await clearFaults(request);
  const tab = await context.newPage();
  await tab.goto("/profile");
  await expect(tab.getByTestId("profile-name")).toHaveText("Adele Vance", { timeout: 20_000 });
  await tab.close();
});

test.describe("the IdP is unreachable during sign-in, then comes back", () => {
  const port = Number(process.env.E2E_RESTART_PORT ?? 3103);
  const appUrl = `http://localhost:${port}`;
  let idpPort = 0;
  let app: ChildProcess | undefined;
  let idp: ChildProcess | undefined;
  let appOutput = "";

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    // A registered redirect origin (3100-3103), so it must be free: never test against someone else's server.
    if (
      await fetch(`${appUrl}/`, { redirect: "manual" }).then(
        () => true,
        () => false,
      )
    )
      throw new Error(`port ${port} (E2E_RESTART_PORT) is in use by another server`);
    idpPort = await freePort();
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      // The app's IdP is an emulator on a port where nothing listens yet.
      EMULATOR_PORT: String(idpPort),
      EMULATOR_STATE_DIR: ".emulator-test",
      NODE_EXTRA_CA_CERTS: resolve(".emulator-test/ca.crt"),
      AUTH_URL: appUrl,
      AUTH_TRUST_HOST: "true",
      LOG_LEVEL: "warn",
    };
    delete env.REDIS_URL;
    app = spawn(process.execPath, [resolve("node_modules/next/dist/bin/next"), "start", "-p", String(port)], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    app.stdout?.on("data", (c: Buffer) => (appOutput += c));
    app.stderr?.on("data", (c: Buffer) => (appOutput += c));
    for (let i = 0; i < 200; i++) {
      if (app.exitCode !== null) break;
      if (
        await fetch(`${appUrl}/`, { redirect: "manual" }).then(
          () => true,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`the app did not start on ${port}:\n${appOutput}`);
  });
  test.afterAll(() => {
    app?.kill("SIGTERM");
    idp?.kill("SIGTERM");
  });

  test("sign-in answers a clear error page (no 500, the server keeps running); once the IdP is up, sign-in works", async ({
    page,
    request,
  }) => {
    test.setTimeout(90_000);
    const statuses: number[] = [];
    page.on("response", (r) => {
      if (r.url().startsWith(appUrl)) statuses.push(r.status());
    });
    const res = await page.goto(`${appUrl}/profile`);
    expect(res?.status()).toBeLessThan(500);
    const text = await expectSignInErrorPage(page, appUrl);
    expect(text).toMatch(/unreachable|unavailable|could not reach|refused/i);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    // The route that starts a sign-in, and NextAuth's own endpoints, answer without a 500 too.
    for (const path of [
      "/auth/signin?returnTo=/groups",
      "/auth/reauth?prompt=login",
      "/api/auth/signin/microsoft-entra-id",
      "/api/auth/providers",
      "/api/auth/session",
    ]) {
      const r = await request.get(`${appUrl}${path}`, { maxRedirects: 0 });
      expect(r.status(), path).toBeLessThan(500);
    }
    expect(app?.exitCode).toBeNull();

    // The IdP comes up: the same page's "Sign in again" goes through.
    idp = await startIdp(idpPort);
    const idpUrl = `https://localhost:${idpPort}`;
    await page.getByTestId("sign-in-again").click();
    await expect(page).toHaveURL(new RegExp(`^${idpUrl}/`));
    await signInAtEmulatorAt(page, idpUrl, appUrl);
    await page.goto(`${appUrl}/profile`);
    await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    expect(appOutput).not.toMatch(/uncaught|unhandled/i);
  });
});

// Bad input on the routes that are not the JSON API (the API's own corpus is test/bad-input.test.ts, in
// process): NextAuth's endpoints, the sign-in, re-auth, consent, sign-out and page-mode routes, and the
// pages, with garbage cookies, parameters, bodies and large headers. Redirects, HTML or JSON errors are
// fine; a 500, a stack trace or token material never.
test.describe("bad input on the non-API routes of the built server", () => {
  const GARBAGE_COOKIES = [
    "authjs.session-token=%%%; authjs.csrf-token=%E0%A4%A; authjs.pkce.code_verifier=x; authjs.callback-url=javascript:alert(1)",
    "=;=;;a; page-mode=%%%; authjs.state=" + "z".repeat(3000),
    "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..bad.bad.bad; page-mode=profile=spa,*=bogus,directory",
    "authjs.session-token.0=abc; authjs.session-token.1=def; authjs.session-token=" + "A".repeat(4000),
  ];
  const GETS = [
    "/api/auth/session",
    "/api/auth/session?callbackUrl=javascript:alert(1)",
    "/api/auth/providers?callbackUrl=%ZZ",
    "/api/auth/csrf",
    "/api/auth/signin",
    "/api/auth/signin/microsoft-entra-id?callbackUrl=https://evil.example",
    "/api/auth/signin/unknown-provider",
    "/api/auth/callback/microsoft-entra-id",
    "/api/auth/callback/microsoft-entra-id?code=garbage&state=garbage&iss=https://evil.example",
    "/api/auth/callback/microsoft-entra-id?error=access_denied&error_description=AADSTS%ZZ&suberror=%00",
    "/api/auth/callback/microsoft-entra-id?error=" + "e".repeat(5000),
    "/api/auth/callback/unknown-provider?code=x",
    "/api/auth/signout",
    "/api/auth/error?error=%3Cscript%3E",
    "/api/auth/verify-request",
    "/api/auth/does-not-exist/at/all",
    "/api/bench/me?x=%ZZ",
    "/auth/signin",
    "/auth/signin?returnTo=https://evil.example",
    "/auth/signin?returnTo=//evil.example&returnTo=/x",
    "/auth/signin?returnTo=%ZZ",
    "/auth/signin?returnTo=/" + "p".repeat(5000),
    "/auth/reauth?prompt=bogus",
    "/auth/reauth?claims=not-base64!!",
    "/auth/reauth?claims=" + Buffer.from("[1,2]").toString("base64"),
    "/auth/reauth?scopes=User.Read%0D%0ASet-Cookie:x=y",
    "/auth/reauth?returnTo=https://evil.example&prompt=login",
    "/auth/consent",
    "/auth/consent?returnTo=https://evil.example",
    "/auth/consent?returnTo=%ZZ",
    "/auth/consent/callback",
    "/auth/consent/callback?state=garbage&code=garbage",
    "/auth/consent/callback?error=access_denied&error_description=%ZZ&state=x",
    "/auth/consent/callback?state=" + "s".repeat(5000),
    "/auth/signout",
    "/page-mode",
    "/page-mode?page=profile&mode=bogus",
    "/page-mode?page=../../etc&mode=spa",
    "/page-mode?page=profile&page=groups&mode=spa",
    "/auth/error?error=%3Cscript%3Ealert(1)%3C/script%3E&aadsts=abc&entra_error=%ZZ",
    "/auth/error?aadsts=99999999999999999999&suberror=" + "x".repeat(3000),
    "/profile?x=%ZZ",
    "/directory?q=%ZZ&page=%00",
    "/groups",
    "/diagnostics",
    "/admin/disabled-users?page=-1",
    "/signed-out?x=%ZZ",
    "/spa-redirect?code=garbage&state=garbage",
  ];
  const POSTS: [string, string, string][] = [
    [
      "/api/auth/signin/microsoft-entra-id",
      "application/x-www-form-urlencoded",
      "csrfToken=garbage&callbackUrl=https%3A%2F%2Fevil.example",
    ],
    ["/api/auth/signout", "application/x-www-form-urlencoded", "csrfToken=%ZZ"],
    ["/api/auth/callback/microsoft-entra-id", "application/x-www-form-urlencoded", "code=garbage&state=garbage"],
    ["/api/auth/session", "application/json", "{not json"],
    ["/api/auth/_log", "application/json", "[1,2,3"],
    ["/auth/signout", "application/json", "{not json"],
    ["/auth/signout", "application/x-www-form-urlencoded", "a=%ZZ&" + "b".repeat(20_000)],
  ];

  const expectNoServerError = async (res: import("@playwright/test").APIResponse, what: string) => {
    expect(res.status(), what).toBeLessThan(500);
    const body = await res.text();
    expect(body, what).not.toMatch(/\n\s+at |node_modules\/|ey[A-Za-z0-9_-]{20,}\.ey/);
    if (res.status() >= 300 && res.status() < 400)
      expect(res.headers().location ?? "", what).not.toMatch(/^(https?:)?\/\/evil\.example/);
  };

  test("GET: garbage cookies, parameters and a large header answer without a 500", async ({ request }) => {
    test.setTimeout(120_000);
    for (const path of GETS) {
      for (const cookie of ["", ...GARBAGE_COOKIES]) {
        const res = await request.get(path, {
          headers: { ...(cookie ? { cookie } : {}), "x-padding": "x".repeat(8 * 1024) },
          maxRedirects: 0,
        });
        await expectNoServerError(res, `GET ${path.slice(0, 80)} cookie=${cookie.slice(0, 30)}`);
      }
    }
  });

  test("a forged callback-url cookie is dropped and cleared, not answered with Auth.js's 500", async ({ request }) => {
    const res = await request.get("/api/auth/session", {
      headers: { cookie: "authjs.callback-url=javascript:alert(1)" },
    });
    expect(res.status()).toBe(200);
    expect(res.headers()["set-cookie"] ?? "").toMatch(/authjs\.callback-url=;.*Max-Age=0/);
  });

  test("POST: garbage bodies, cookies and a foreign Origin answer without a 500", async ({ request }) => {
    for (const [path, type, data] of POSTS) {
      for (const cookie of ["", GARBAGE_COOKIES[0]]) {
        for (const origin of [APP_URL, "https://evil.example", "null"]) {
          const res = await request.post(path, {
            headers: { "content-type": type, origin, ...(cookie ? { cookie } : {}) },
            data,
            maxRedirects: 0,
          });
          await expectNoServerError(res, `POST ${path} origin=${origin} cookie=${cookie.slice(0, 30)}`);
          if (path === "/auth/signout" && origin === "https://evil.example") expect(res.status()).toBe(403);
        }
      }
    }
  });

  test("signed in: garbage on the consent and re-auth routes still answers without a 500, and the session survives", async ({
    page,
    request,
  }) => {
    await resetEmulator(request);
    await page.goto("/groups");
    await signInAtEmulator(page, USERS.adele);
    await page.waitForURL(/\/groups$/);
    for (const path of GETS.filter(
      (p) =>
        p.startsWith("/auth/consent") ||
        p.startsWith("/auth/reauth") ||
        p.startsWith("/page-mode") ||
        p.startsWith("/api/auth/"),
    )) {
      const res = await page.request.get(path, { maxRedirects: 0 });
      await expectNoServerError(res, `GET ${path.slice(0, 80)} (signed in)`);
    }
    expect((await page.request.get("/api/me")).status()).toBe(200);
  });
});

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

/** The emulator as its own process (the same tenant file, CA and keys as Playwright's), on `port`. */
async function startIdp(port: number): Promise<ChildProcess> {
  const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
  const child = spawn(process.execPath, ["--import", "tsx", resolve("emulator/main.ts")], {
    env: { ...env, EMULATOR_PORT: String(port), EMULATOR_STATE_DIR: resolve(".emulator-test"), EMULATOR_ADMIN: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let seen = "";
  await new Promise<void>((ok, fail) => {
    child.stdout!.on("data", (c: Buffer) => {
      seen += c;
      if (seen.includes("listening on")) ok();
    });
    child.stderr!.on("data", (c: Buffer) => (seen += c));
    child.once("exit", () => fail(new Error(`the emulator stopped before it was ready:\n${seen}`)));
  });
  return child;
}

/** signInAtEmulator for an emulator and app on other ports than Playwright's. */
async function signInAtEmulatorAt(page: Page, idpUrl: string, appUrl: string, username: string = USERS.adele) {
  await expect(page).toHaveURL(new RegExp(`^${idpUrl}/`));
  await page.fill("input[name=username]", username);
  await page.fill("input[name=password]", "Passw0rd!");
  await page.getByRole("button", { name: "Sign in" }).click();
  const accept = page.getByRole("button", { name: "Accept" });
  const back = () => page.waitForURL((url) => url.href.startsWith(appUrl), { waitUntil: "commit" });
  await Promise.race([back(), accept.waitFor().then(() => accept.click())]).catch(() => {});
  await back();
}
