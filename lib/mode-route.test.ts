import { describe, expect, it } from "vitest";
import { isInternalSpaPath, routeFor } from "./mode-route";

const serverOnly = { spaPages: [] as string[], overrideCookie: true };

describe("mode routing in proxy.ts", () => {
  it("routes flagged pages by configuration", () => {
    expect(routeFor("/profile", serverOnly, undefined)).toBe("server");
    expect(routeFor("/profile", { spaPages: ["profile"], overrideCookie: false }, undefined)).toBe("spa");
    expect(routeFor("/groups/", { spaPages: "*", overrideCookie: false }, undefined)).toBe("spa");
  });

  it("honours the override cookie only when configuration enables it", () => {
    expect(routeFor("/profile", serverOnly, "profile=spa")).toBe("spa");
    expect(routeFor("/directory", serverOnly, "*=spa")).toBe("spa");
    expect(routeFor("/profile", { ...serverOnly, overrideCookie: false }, "profile=spa")).toBe("server");
  });

  it("leaves other paths alone", () => {
    for (const path of ["/", "/api/me", "/spa-redirect", "/auth/signin", "/profiles"])
      expect(routeFor(path, serverOnly, "*=spa")).toBeUndefined();
  });

  it("covers paths under a page, so they stay protected in server mode", () => {
    expect(routeFor("/groups/some/thing", serverOnly, undefined)).toBe("server");
  });

  it("keeps the internal SPA tree private but not the redirect page", () => {
    expect(isInternalSpaPath("/spa")).toBe(true);
    expect(isInternalSpaPath("/spa/profile")).toBe(true);
    expect(isInternalSpaPath("/spa-redirect")).toBe(false);
    expect(isInternalSpaPath("/spatial")).toBe(false);
  });
});
