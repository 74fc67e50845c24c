// openid-client 6 (a client nobody tuned the emulator for) signing a user in to the frontend registration:
// discovery, PKCE, client_secret_basic; the token response's scopes and the keys that verify the ID token.
import { createRemoteJWKSet, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { TestBrowser, USERS } from "./browser.ts";
import { APP, IDS, SECRETS } from "./harness.ts";
import { useTestEmulator } from "./use-emulator.ts";

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

async function signIn(scope: string) {
  const config = await oidc.discovery(new URL(`${emu.url}/${IDS.tenant}/v2.0`), IDS.frontend, SECRETS.frontend);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: APP.web,
    scope,
    state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
  });
  const result = await new TestBrowser().authorize(url, { username: USERS.adele });
  if (!result.url) throw new Error(`no redirect: ${result.error ?? result.errorPage?.code}`);
  const tokens = await oidc.authorizationCodeGrant(config, result.url, {
    pkceCodeVerifier: verifier,
    expectedState: state,
  });
  return { config, tokens };
}

describe("openid-client: authorization code", () => {
  for (const scope of ["openid offline_access", "openid profile email offline_access", "openid openid profile"]) {
    it(`"${scope}": the response lists each scope once`, async () => {
      const { tokens } = await signIn(scope);
      const granted = String(tokens.scope).split(" ");
      expect(granted.length, tokens.scope).toBe(new Set(granted.map((s) => s.toLowerCase())).size);
      expect(granted).toEqual(expect.arrayContaining(scope.split(" ").filter((s) => s !== "offline_access")));
      expect(tokens.refresh_token === undefined).toBe(!scope.includes("offline_access"));
    });
  }

  it("the ID token verifies with the published keys, which name their cloud instance as Entra's do", async () => {
    const { config, tokens } = await signIn("openid profile");
    const jwksUri = config.serverMetadata().jwks_uri!;
    const { payload } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(jwksUri)), {
      issuer: config.serverMetadata().issuer,
      audience: IDS.frontend,
    });
    expect(payload.preferred_username).toBe(USERS.adele);
    const jwks = (await (await fetch(jwksUri)).json()) as { keys: Array<Record<string, unknown>> };
    for (const key of jwks.keys) expect(key.cloud_instance_name).toBe("microsoftonline.com");
  });
});
