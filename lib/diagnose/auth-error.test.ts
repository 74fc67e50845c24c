import { describe, expect, it } from "vitest";
import { recordTokenFailures, withEntraErrorPage } from "./auth-error";

const errorRedirect = () =>
  new Response(null, { status: 302, headers: { location: "http://localhost:3000/auth/error?error=Configuration" } });

describe("the sign-in error page learns what the token endpoint answered", () => {
  it("adds the AADSTS code of a refused code redemption to Auth.js's error redirect", async () => {
    const tokenEndpoint = recordTokenFailures(async () =>
      Response.json(
        {
          error: "invalid_client",
          error_description: "AADSTS7000215: Invalid client secret provided.",
          error_codes: [7000215],
        },
        { status: 401 },
      ),
    );
    const handler = withEntraErrorPage(async (_req: Request) => {
      await tokenEndpoint("https://idp/token", { method: "POST", body: "grant_type=authorization_code" });
      return errorRedirect();
    });
    const res = await handler(new Request("http://localhost:3000/api/auth/callback/microsoft-entra-id?code=x"));
    const location = new URL(res.headers.get("location")!);
    expect(Object.fromEntries(location.searchParams)).toEqual({
      error: "Configuration",
      stage: "token",
      entra_error: "invalid_client",
      aadsts: "7000215",
    });
  });

  it("marks an unreachable token endpoint without inventing a code", async () => {
    const tokenEndpoint = recordTokenFailures(async () => {
      throw new TypeError("fetch failed");
    });
    const handler = withEntraErrorPage(async (_req: Request) => {
      await tokenEndpoint("https://idp/token", { method: "POST" }).catch(() => undefined);
      return errorRedirect();
    });
    const location = new URL(
      (await handler(new Request("http://localhost:3000/api/auth/callback/x?code=y"))).headers.get("location")!,
    );
    expect(Object.fromEntries(location.searchParams)).toEqual({ error: "Configuration", stage: "token" });
  });

  it("leaves successful sign-ins and other redirects alone", async () => {
    const ok = withEntraErrorPage(
      async (_req: Request) =>
        new Response(null, { status: 302, headers: { location: "http://localhost:3000/profile" } }),
    );
    expect((await ok(new Request("http://localhost:3000/api/auth/callback/x?code=y"))).headers.get("location")).toBe(
      "http://localhost:3000/profile",
    );
  });
});
