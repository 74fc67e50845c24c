import { describe, expect, it } from "vitest";
import { requestSpaCode } from "./hybrid";

function recorder() {
  const calls: { input: unknown; body: string | undefined }[] = [];
  const base = async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ input, body: init?.body === undefined ? undefined : String(init.body) });
    return new Response("{}");
  };
  return { calls, fetch: requestSpaCode(base) };
}

describe("requestSpaCode", () => {
  it("adds return_spa_code=1 to the code redemption", async () => {
    const { calls, fetch } = recorder();
    await fetch("https://idp/token", {
      method: "POST",
      body: new URLSearchParams({ grant_type: "authorization_code", code: "c" }),
    });
    const form = new URLSearchParams(calls[0]!.body);
    expect(form.get("return_spa_code")).toBe("1");
    expect(form.get("code")).toBe("c");
  });

  it("leaves refresh redemptions and discovery alone", async () => {
    const { calls, fetch } = recorder();
    await fetch("https://idp/token", { method: "POST", body: new URLSearchParams({ grant_type: "refresh_token" }) });
    await fetch("https://idp/.well-known/openid-configuration");
    expect(new URLSearchParams(calls[0]!.body).has("return_spa_code")).toBe(false);
    expect(calls[1]!.body).toBeUndefined();
  });
});
