// The session cookie NextAuth sets at the end of a real sign-in (Auth.js against the emulator, in process):
// over https it is __Host- prefixed (Secure, Path=/, no Domain), and the request gate reads it back.
import { NextRequest } from "next/server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { TestBrowser, USERS } from "../emulator/test/browser.ts";
import { IDS, startAppEmulator } from "./support/app.ts";

const APP = "https://app.example.com";
let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startAppEmulator((file) => {
    file.applications
      .find((a) => a.appId === IDS.frontend)!
      .web.redirectUris.push(`${APP}/api/auth/callback/microsoft-entra-id`);
  });
});
afterAll(() => emu?.close());

/** Signs adele in through NextAuth's own endpoints and returns the Set-Cookie lines of the callback's answer. */
async function signIn(appUrl: string): Promise<string[]> {
  vi.resetModules();
  process.env.AUTH_URL = appUrl;
  const { handlers } = await import("@/auth");
  const jar = new Map<string, string>();
  const send = async (
    handler: (r: NextRequest) => Promise<Response>,
    url: string,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ) => {
    const headers = new Headers(init.headers);
    headers.set("cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await handler(new NextRequest(url, { ...init, headers }));
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      jar.set(pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1));
    }
    return res;
  };
  const { csrfToken } = (await (await send(handlers.GET, `${appUrl}/api/auth/csrf`)).json()) as { csrfToken: string };
  const start = await send(handlers.POST, `${appUrl}/api/auth/signin/microsoft-entra-id`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ csrfToken, callbackUrl: "/" }).toString(),
  });
  const authorize = start.headers.get("location")!;
  expect(authorize).toMatch(new RegExp(`^${emu.url}/`));
  const back = await new TestBrowser().authorize(authorize, { username: USERS.adele });
  expect(back.url?.origin).toBe(appUrl);
  const callback = await send(handlers.GET, back.url!.toString());
  expect(callback.status).toBe(302);
  return callback.headers.getSetCookie().filter((line) => line.includes("session-token="));
}

describe("the session cookie", () => {
  it("over https: __Host-authjs.session-token, Secure, Path=/, no Domain; the gate reads it", async () => {
    const [line, ...others] = await signIn(APP);
    expect(others).toEqual([]);
    expect(line).toMatch(/^__Host-authjs\.session-token=[^;]+/);
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/; Path=\/(;|$)/);
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).not.toMatch(/; Domain=/i);
    const { readSessionCookie } = await import("@/lib/session/cookie");
    const { getConfig } = await import("@/lib/config");
    const value = line.slice(line.indexOf("=") + 1, line.indexOf(";"));
    const claims = await readSessionCookie(
      { get: (name) => (name === "__Host-authjs.session-token" ? { value } : undefined) },
      getConfig().auth.secret,
    );
    expect(claims).toMatchObject({ preferred_username: USERS.adele });
  });

  it("over http on localhost: no prefix (a __Host- cookie needs Secure)", async () => {
    const [line] = await signIn("http://localhost:3000");
    expect(line).toMatch(/^authjs\.session-token=/);
    expect(line).not.toMatch(/; Secure/i);
  });
});
