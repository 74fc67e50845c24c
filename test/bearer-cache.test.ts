// The bearer validation cache (lib/bearer/validate.ts): a token that passed every check skips the RS256
// verification when seen again, but its lifetime and the required scope/role are checked on every use,
// and nothing but that exact token is ever served from it.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, forge, startAppEmulator } from "./support/app.ts";

let emu: RunningEmulator;
let bearer: typeof import("@/lib/bearer");
let resolveCaller: typeof import("@/lib/bearer").resolveCaller;

beforeAll(async () => {
  emu = await startAppEmulator();
  bearer = await import("@/lib/bearer");
  ({ resolveCaller } = await import("@/lib/bearer"));
});
afterAll(() => emu?.close());
beforeEach(() => bearer.clearValidationCache());

const now = () => Math.floor(Date.now() / 1000);
const check = (p: Promise<unknown>) =>
  p.then(
    () => "accepted",
    (err: { code?: string; details?: { check?: string } }) => err.details?.check ?? err.code,
  );

describe("bearer validation cache", () => {
  it("verifies the signature once per token", async () => {
    const token = await forge(emu);
    await bearer.validateBearerToken(token); // the JWKS loaded, the result cached
    const verify = vi.spyOn(globalThis.crypto.subtle, "verify");
    try {
      await bearer.validateBearerToken(token);
      expect(verify).not.toHaveBeenCalled();
      await bearer.validateBearerToken(await forge(emu, { name: "someone else" })); // another token: verified
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });

  it("refuses a cached token once it has expired", async () => {
    const t = now();
    const token = await forge(emu, { exp: t + 3600 });
    await expect(bearer.validateBearerToken(token, {}, t)).resolves.toBeTruthy();
    expect(await check(bearer.validateBearerToken(token, {}, t + 3600 + 300))).toBe("expiry");
    expect(await check(bearer.validateBearerToken(token, {}, t + 3600 + 299))).toBe("accepted"); // the same skew as uncached
  });

  it("refuses a cached token before its nbf", async () => {
    const t = now();
    const token = await forge(emu, { nbf: t, exp: t + 3600 });
    await bearer.validateBearerToken(token, {}, t);
    expect(await check(bearer.validateBearerToken(token, {}, t - 301))).toBe("not_before");
  });

  it("does not cache a token within the skew of its expiry", async () => {
    const token = await forge(emu, { exp: now() + 60 });
    await bearer.validateBearerToken(token);
    const verify = vi.spyOn(globalThis.crypto.subtle, "verify");
    try {
      await bearer.validateBearerToken(token);
      expect(verify).toHaveBeenCalledTimes(1);
    } finally {
      verify.mockRestore();
    }
  });

  it("checks the required scope or role on every call", async () => {
    const token = await forge(emu);
    await expect(bearer.validateBearerToken(token)).resolves.toBeTruthy();
    expect(await check(bearer.validateBearerToken(token, { scope: "something_else" }))).toBe("ERR_INSUFFICIENT_SCOPE");
    expect(await check(bearer.validateBearerToken(token, { scope: "something_else", roles: ["service-api"] }))).toBe(
      "ERR_INSUFFICIENT_SCOPE",
    );
    const app = await forge(emu, { scp: undefined, roles: ["service-api"], idtyp: "app" });
    expect(await check(bearer.validateBearerToken(app, { roles: ["service-api"] }))).toBe("accepted");
    expect(await check(bearer.validateBearerToken(app, { roles: ["other-role"] }))).toBe("ERR_INSUFFICIENT_SCOPE");
  });

  it("never serves another token from the cache: a tampered signature or payload is verified and refused", async () => {
    const token = await forge(emu);
    await bearer.validateBearerToken(token);
    const [h, p, s] = token.split(".");
    const flipped = `${h}.${p}.${(s[0] === "A" ? "B" : "A") + s.slice(1)}`;
    expect(await check(bearer.validateBearerToken(flipped))).toBe("signature");
    const payload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(p, "base64url").toString()),
        oid: "00000000-0000-0000-0000-000000000000",
      }),
    ).toString("base64url");
    expect(await check(bearer.validateBearerToken(`${h}.${payload}.${s}`))).toBe("signature");
  });

  it("does not cache failures", async () => {
    const token = await forge(emu, { aud: "api://someone-else" });
    expect(await check(bearer.validateBearerToken(token))).toBe("audience");
    expect(await check(bearer.validateBearerToken(token))).toBe("audience");
  });

  it("hands out copies: changing one result's claims changes no other", async () => {
    const token = await forge(emu, { roles: ["a"] });
    const first = await bearer.validateBearerToken(token);
    first.claims.scp = "tampered";
    first.claims.roles!.push("b");
    const second = await bearer.validateBearerToken(token);
    expect(second.claims.scp).not.toBe("tampered");
    expect(second.claims.roles).toEqual(["a"]);
  });

  it("gives the OBO cache the token's SHA-256, computed once", async () => {
    const token = await forge(emu);
    const caller = await resolveCaller(apiRequest("/api/me", token));
    expect(caller.kind === "user" && caller.assertionDigest?.toString("hex")).toBe(
      createHash("sha256").update(token).digest("hex"),
    );
  });
});
