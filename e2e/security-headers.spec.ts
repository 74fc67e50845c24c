// The security headers on every kind of answer (pages, error pages, API errors, Auth.js, static files),
// the public/ folder a real app serves, and /auth/error refusing to show words a link chose.
import { expect, test } from "@playwright/test";
import { APP_URL } from "../playwright.config";

const ANSWERS: Array<[string, number]> = [
  ["/", 200],
  ["/no-such-page", 404],
  ["/spa/profile", 404], // the internal SPA tree, from outside
  ["/auth/error?error=Configuration", 200],
  ["/api/me", 401],
  ["/api/directory?top=abc", 401],
  ["/auth/consent/callback", 400],
  ["/auth/frontchannel-logout", 400], // framable by the IdP alone: its CSP names it, X-Frame-Options cannot
  ["/api/auth/session", 200],
  ["/robots.txt", 200],
  ["/site.webmanifest", 200],
];

test("every answer, error pages included, carries the security headers (no HSTS over http)", async ({ request }) => {
  for (const [path, status] of ANSWERS) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(status);
    const h = res.headers();
    expect(h["content-security-policy"], path).toContain("default-src 'self'");
    expect(h["x-content-type-options"], path).toBe("nosniff");
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    if (!path.startsWith("/auth/frontchannel-logout")) expect(h["x-frame-options"], path).toBe("DENY");
    expect(h["permissions-policy"], path).toMatch(/(^|, )camera=\(\)/);
    expect(h["permissions-policy"], path).toMatch(/(^|, )microphone=\(\)/);
    expect(h["permissions-policy"], path).toMatch(/(^|, )geolocation=\(\)/);
    expect(h["strict-transport-security"], path).toBeUndefined(); // the app's URL is http://localhost here
  }
});

test("the Permissions-Policy is one Chromium fully understands (no console warning on a page)", async ({ page }) => {
  const warnings: string[] = [];
  page.on("console", (m) => {
    if (/Permissions-Policy/i.test(m.text())) warnings.push(m.text());
  });
  await page.goto("/");
  await page.waitForLoadState("networkidle");
  expect(warnings).toEqual([]);
});

test("public/: robots.txt keeps crawlers out, the favicon, home-screen icons and manifest are served and linked", async ({
  request,
  page,
}) => {
  const robots = await request.get("/robots.txt", { maxRedirects: 0 });
  expect(robots.headers()["content-type"]).toMatch(/^text\/plain/);
  expect(await robots.text()).toMatch(/^User-agent: \*\nDisallow: \/$/m);
  for (const [path, type] of [
    ["/favicon.ico", /^image\/(x-icon|vnd\.microsoft\.icon)/],
    ["/apple-touch-icon.png", /^image\/png/],
    ["/icon-192.png", /^image\/png/],
    ["/icon-512.png", /^image\/png/],
  ] as const) {
    const res = await request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(200);
    expect(res.headers()["content-type"], path).toMatch(type);
    expect((await res.body()).length, path).toBeGreaterThan(100);
  }
  const manifest = (await (await request.get("/site.webmanifest")).json()) as { icons: Array<{ src: string }> };
  expect(manifest.icons.map((i) => i.src)).toEqual(["/icon-192.png", "/icon-512.png"]);
  await page.goto("/");
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute("href", "/site.webmanifest");
  await expect(page.locator('link[rel="apple-touch-icon"]')).toHaveAttribute("href", "/apple-touch-icon.png");
  await expect(page.locator('meta[name="robots"]')).toHaveAttribute("content", /noindex/);
});

test("/auth/error shows only its own texts, whatever error, cause, entra_error or suberror say", async ({ page }) => {
  const TEXT = "Your account is locked. Call +1 555 0100 to unlock it";
  for (const query of [
    `error=${encodeURIComponent(TEXT)}`,
    `error=Configuration&cause=${encodeURIComponent(TEXT)}`,
    `entra_error=${encodeURIComponent(TEXT)}&error=OAuthCallbackError`,
    `aadsts=65004&suberror=${encodeURIComponent(TEXT)}`,
  ]) {
    const res = await page.goto(`${APP_URL}/auth/error?${query}`);
    expect(res?.status(), query).toBe(200);
    await expect(page.getByTestId("auth-error"), query).toBeVisible();
    expect(await page.content(), query).not.toContain("555 0100");
  }
  await page.goto(`${APP_URL}/auth/error?error=${encodeURIComponent(TEXT)}`);
  await expect(page.getByTestId("auth-error").locator("p.error")).toHaveText("The sign-in could not be completed");
});
