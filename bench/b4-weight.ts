// B4: a real server-mode sign-in through the app and the emulator's pages, then the weight of the session
// cookie and of the JS a page loads in each mode.
import { gzipSync } from "node:zlib";
import type { B4Result } from "./report.ts";

/** Fills `b4` as each figure comes in, so a later failure keeps the earlier ones for the report. */
export async function measureB4(b4: B4Result, appUrl: string, upn: string): Promise<void> {
  const { TestBrowser } = await import("../emulator/test/browser.ts");
  const browser = new TestBrowser();
  let res = await browser.request(`${appUrl}/auth/signin?returnTo=%2Fprofile`);
  let url = new URL(res.headers.get("location") ?? "", appUrl);
  for (let hops = 0; hops < 5 && url.origin === appUrl; hops++) {
    res = await browser.request(url);
    url = new URL(res.headers.get("location") ?? "", url);
  }
  const result = await browser.authorize(url, { username: upn, password: "Passw0rd!", consent: "accept" });
  if (result.url) {
    res = await browser.request(result.url);
    const session = [...browser.cookies].filter(([k]) => k.includes("session-token"));
    b4.cookies = session.length;
    b4.cookieBytes = session.reduce((n, [k, v]) => n + k.length + 1 + v.length, 0);
    const server = await weighPageJs(browser, appUrl, "/profile");
    b4.serverJs = server.total;
    b4.serverGzip = server.gzip;
    b4.serverMsal = server.msal;
    // The same page flipped to SPA mode by the override cookie (the instances run with FLAG_OVERRIDE_COOKIE=on).
    browser.cookies.set("page-mode", "profile=spa");
    const spa = await weighPageJs(browser, appUrl, "/profile");
    browser.cookies.delete("page-mode");
    b4.spaJs = spa.total;
    b4.spaGzip = spa.gzip;
    b4.spaMsal = spa.msal;
  }
}

/** Bytes of every script a page loads, and how many of them belong to msal-browser (its package/SKU markers). */
async function weighPageJs(
  browser: { request(url: string): Promise<Response> },
  appUrl: string,
  path: string,
): Promise<{ total: number; gzip: number; msal: number }> {
  const html = await (await browser.request(`${appUrl}${path}`)).text();
  const scripts = [...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => m[1]);
  let total = 0;
  let msal = 0;
  let gzip = 0;
  for (const src of scripts) {
    const js = await (await fetch(new URL(src, appUrl))).text();
    total += Buffer.byteLength(js);
    gzip += gzipSync(js, { level: 9 }).length;
    if (/@azure\/msal-browser|msal\.js\.browser|BrowserAuthError/.test(js)) msal += Buffer.byteLength(js);
  }
  return { total, gzip, msal };
}
