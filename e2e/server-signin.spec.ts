// Server-mode sign-in end to end: the proxy sends a protected page to the emulator's sign-in, NextAuth
// brings the user back, and the browser holds one small encrypted cookie with no token in it.
import { expect, test } from "@playwright/test";
import { APP_URL, EMULATOR_URL } from "../playwright.config";
import { resetEmulator, signInAtEmulator, USERS } from "./support/emulator";

const JWT = /eyJ[\w-]{10,}\.eyJ[\w-]{10,}\.[\w-]*/; // a signed JWT (access or ID token); the JWE cookie never matches

test.beforeEach(async ({ request }) => {
  await resetEmulator(request);
});

test("the home page is a landing page for users (no provider or mode details) and has security headers", async ({
  page,
}) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  const response = await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByTestId("home-sign-in")).toBeVisible();
  // Which identity provider is in use is for whoever runs the app (/diagnostics, e2e/diagnostics.spec.ts).
  await expect(page.locator("body")).not.toContainText(/emulator|authority|https:\/\/localhost|SPA mode|server mode/i);
  const headers = response!.headers();
  const csp = headers["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("'strict-dynamic'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBeTruthy();
  // Next's own scripts carry the request's nonce, so the page hydrates under the policy.
  const html = await response!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const s of scripts) expect(s).toContain(`nonce="${nonce}"`);
  await page.waitForLoadState("networkidle");
  expect(violations).toEqual([]);
  await expect(page.getByRole("link", { name: "Sign in" }).first()).toBeVisible();
});

test("a protected page signs in at the emulator, keeps tokens on the server, and signs out", async ({
  page,
  context,
  request,
}) => {
  await page.goto("/profile");
  await signInAtEmulator(page);
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Adele Vance");

  const cookies = await context.cookies();
  const sessionCookies = cookies.filter((c) => c.name.includes("session-token"));
  expect(sessionCookies).toHaveLength(1); // never chunked
  const [session] = sessionCookies;
  expect(session!.httpOnly).toBe(true);
  expect(session!.sameSite).toBe("Lax");
  expect(session!.value.length).toBeLessThan(4096);
  expect(session!.value.length).toBeLessThan(1200); // only a session id and display claims
  for (const c of cookies) expect(c.value).not.toMatch(JWT);
  expect(await page.content()).not.toMatch(JWT);

  // What client code can read about the session has no token and no session id.
  const sessionJson = await page.evaluate(() => fetch("/api/auth/session").then((r) => r.text()));
  expect(sessionJson).toContain("Adele Vance");
  expect(sessionJson).not.toMatch(JWT);
  expect(sessionJson).not.toMatch(/token|"sid"/i);

  // The emulator issued a refresh token and a backend access token to the frontend: they stayed server-side.
  const events = await request.get(`${EMULATOR_URL}/_admin/events?type=token`);
  expect(events.ok()).toBeTruthy();
  expect(JSON.stringify(await events.json())).toContain("authorization_code");

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signed-out$/);
  await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
  expect((await context.cookies()).filter((c) => c.name.includes("session-token"))).toHaveLength(0);

  await page.goto("/profile");
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
  await expect(page.locator("input[name=password]")).toBeVisible(); // the IdP session ended too
});

test("the next user of the browser never sees the previous user's photo (no cached /api/me/photo)", async ({
  page,
}) => {
  const avatar = page.locator("main").getByTestId("avatar");
  const photoWidth = () =>
    page
      .locator("main img")
      .first()
      .evaluate((img: HTMLImageElement) => (img.complete ? img.naturalWidth : -1));
  await page.goto("/profile");
  await signInAtEmulator(page, USERS.adele);
  await page.waitForURL(/\/profile$/);
  await expect.poll(photoWidth).toBeGreaterThan(0); // Adele has a photo
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.waitForURL(/\/signed-out$/);

  await page.goto("/profile");
  await signInAtEmulator(page, "alex@contoso.onmicrosoft.com"); // no photo in the tenant
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("profile-name")).toHaveText("Alex Wilber");
  // The 404, not Adele's cached face: no photo is shown, her initials stand in.
  await expect(page.locator("main img")).toHaveCount(0);
  await expect(avatar).toHaveAttribute("data-photo", "no");
  await expect(avatar).toHaveText("AW");
});

test("a client-side link to a protected page while signed out goes to sign-in without a CORS error", async ({
  page,
}) => {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  await page.locator("header").getByRole("link", { name: "Directory" }).click(); // next/link: an RSC fetch first
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
  await expect(page.locator("input[name=password]")).toBeVisible();
  expect(errors.filter((e) => /CORS|Failed to fetch RSC|ERR_FAILED/i.test(e))).toEqual([]);
});

test("a fetch (not a navigation) of a protected page is answered 401, a navigation 307 to sign-in", async ({
  request,
}) => {
  const fetched = await request.get("/profile", {
    maxRedirects: 0,
    headers: { "sec-fetch-mode": "cors", "sec-fetch-dest": "empty" },
  });
  expect(fetched.status()).toBe(401);
  const navigated = await request.get("/profile", {
    maxRedirects: 0,
    headers: { "sec-fetch-mode": "navigate", "sec-fetch-dest": "document" },
  });
  expect(navigated.status()).toBe(307);
});

test("the proxy lets API routes through unauthenticated (they answer 401 themselves)", async ({ request }) => {
  const response = await request.get("/api/me", { maxRedirects: 0 });
  expect(response.status()).toBe(401);
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
});

test("an unauthenticated server-mode page redirects to sign-in keeping the return URL", async ({ request }) => {
  const response = await request.get("/directory?q=ad&page=x", { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  expect(new URL(response.headers()["location"]!, APP_URL).href).toBe(
    `${APP_URL}/auth/signin?returnTo=%2Fdirectory%3Fq%3Dad%26page%3Dx`,
  );
});

test("re-authentication with prompt=consent comes back to the return path", async ({ page }) => {
  await page.goto("/profile");
  await signInAtEmulator(page);
  await page.waitForURL(/\/profile$/);
  await page.goto("/auth/reauth?returnTo=%2Fprofile&prompt=consent");
  await expect(page).toHaveURL(new RegExp(`^${EMULATOR_URL}/`));
  await page.getByRole("button", { name: "Accept" }).click();
  await page.waitForURL(/\/profile$/);
  await expect(page.getByTestId("signed-in-user")).toHaveText("Adele Vance");
});

test("re-authentication passes the claims challenge, prompt and extra scopes to /authorize", async ({ request }) => {
  const claims = JSON.stringify({ access_token: { acrs: { essential: true, value: "c1" } } });
  const query = new URLSearchParams({
    returnTo: "/profile",
    prompt: "consent",
    claims: Buffer.from(claims).toString("base64"),
    scopes: "User.Read",
  });
  const response = await request.get(`/auth/reauth?${query}`, { maxRedirects: 0 });
  expect(response.status()).toBe(307);
  const authorize = new URL(response.headers()["location"]!);
  expect(authorize.href.startsWith(`${EMULATOR_URL}/`)).toBe(true);
  expect(authorize.pathname).toMatch(/\/oauth2\/v2\.0\/authorize$/);
  expect(authorize.searchParams.get("claims")).toBe(claims);
  expect(authorize.searchParams.get("prompt")).toBe("consent");
  expect(authorize.searchParams.get("scope")?.split(" ")).toEqual(
    expect.arrayContaining(["openid", "offline_access", "User.Read"]),
  );
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");

  const bad = await request.get("/auth/reauth?returnTo=/profile&claims=bm90IGpzb24", { maxRedirects: 0 });
  expect(bad.status()).toBe(400);
});

test("sign-in refuses to return to another origin", async ({ page }) => {
  await page.goto("/auth/signin?returnTo=https%3A%2F%2Fevil.example%2F");
  await signInAtEmulator(page);
  await page.waitForURL((url) => url.href.startsWith(`${APP_URL}/`));
  expect(new URL(page.url()).pathname).toBe("/");
});
