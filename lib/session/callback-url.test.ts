import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { isValidCallbackUrl, withValidCallbackUrl, withoutInvalidCallbackUrl } from "./callback-url";

const BASE = "http://localhost:3000/api/auth/session";

describe("callback URLs handed to Auth.js", () => {
  it.each([
    ["/profile", true],
    ["http://localhost:3000/profile", true],
    ["https://elsewhere.example/x", true], // Auth.js's redirect callback decides about other origins
    ["javascript:alert(1)", false],
    ["%ZZ", false],
    ["", false],
    ["//evil.example", true], // as Auth.js sees it: a path; its redirect callback keeps redirects on this origin
  ])("%s valid: %s", (value, valid) => expect(isValidCallbackUrl(value, BASE)).toBe(valid));

  it("leaves a clean request as it is", () => {
    const request = new NextRequest(`${BASE}?callbackUrl=%2Fprofile`, {
      headers: { cookie: "authjs.callback-url=http%3A%2F%2Flocalhost%3A3000%2F; a=b" },
    });
    expect(withoutInvalidCallbackUrl(request)).toEqual({ request, cleared: [] });
  });

  it("drops an invalid callbackUrl parameter and callback-url cookie, keeping every other cookie", () => {
    const request = new NextRequest(`${BASE}?callbackUrl=javascript:alert(1)&x=1`, {
      headers: {
        cookie:
          "a=1; authjs.callback-url=javascript%3Aalert(1); authjs.session-token=abc; __Secure-authjs.callback-url=%ZZ",
      },
    });
    const { request: clean, cleared } = withoutInvalidCallbackUrl(request);
    expect(clean.nextUrl.searchParams.has("callbackUrl")).toBe(false);
    expect(clean.nextUrl.searchParams.get("x")).toBe("1");
    expect(clean.headers.get("cookie")).toBe("a=1; authjs.session-token=abc");
    expect(cleared).toEqual(["authjs.callback-url", "__Secure-authjs.callback-url"]);
  });

  it("clears the cookie in the answer and passes a POST body on", async () => {
    const handler = withValidCallbackUrl(
      async (req) => new Response(await req.text(), { status: 302, headers: { "set-cookie": "x=1; Path=/" } }),
    );
    const res = await handler(
      new NextRequest(BASE, {
        method: "POST",
        body: "csrfToken=abc",
        headers: { cookie: "authjs.callback-url=javascript:x" },
        duplex: "half",
      } as ConstructorParameters<typeof NextRequest>[1]),
    );
    expect(res.status).toBe(302);
    expect(await res.text()).toBe("csrfToken=abc");
    expect(res.headers.getSetCookie()).toEqual([
      "x=1; Path=/",
      "authjs.callback-url=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
    ]);
  });
});
