import { describe, expect, it } from "vitest";
import { apiScopes, buildMsalConfig, type SpaPublicConfig } from "./config";

const pub: SpaPublicConfig = {
  clientId: "3f6d2a4b-8c1e-4f7a-a5d9-0b2c4e6f8a11",
  authority: "https://localhost:8443/0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23",
  knownAuthorities: ["localhost:8443"],
  scope: "api://9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22/access_as_user",
};

describe("the msal-browser configuration", () => {
  const config = buildMsalConfig(pub, "http://localhost:3100");

  it("uses the frontend client, the configured authority and its known authorities", () => {
    expect(config.auth).toMatchObject({
      clientId: pub.clientId,
      authority: pub.authority,
      knownAuthorities: ["localhost:8443"],
    });
  });

  it("redirects to the SPA redirect URI of this origin, never the web one", () => {
    expect(config.auth.redirectUri).toBe("http://localhost:3100/spa-redirect");
  });

  it("keeps its cache in localStorage (msal-browser encrypts it, shared across tabs) and declares the CP1 capability", () => {
    expect(config.cache?.cacheLocation).toBe("localStorage");
    expect(config.auth.clientCapabilities).toEqual(["CP1"]);
  });

  it("asks for the backend's delegated scope", () => {
    expect(apiScopes(pub)).toEqual(["api://9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c22/access_as_user"]);
  });

  it("needs no knownAuthorities for a Microsoft host", () => {
    const entra = buildMsalConfig(
      { ...pub, authority: "https://login.microsoftonline.com/t", knownAuthorities: [] },
      "https://app.example.com",
    );
    expect(entra.auth.knownAuthorities).toEqual([]);
    expect(entra.auth.redirectUri).toBe("https://app.example.com/spa-redirect");
  });
});
