import { describe, expect, it } from "vitest";
import { pageMode, parseModeCookie, serializeModeCookie } from "./flags";

const none = { spaPages: [] as string[], overrideCookie: false };

describe("page modes", () => {
  it("defaults every page to server mode", () => {
    expect(pageMode("profile", none, undefined)).toBe("server");
  });
  it("puts listed pages in SPA mode", () => {
    const flags = { spaPages: ["profile"], overrideCookie: false };
    expect(pageMode("profile", flags, undefined)).toBe("spa");
    expect(pageMode("directory", flags, undefined)).toBe("server");
  });
  it("puts every page in SPA mode with *", () => {
    expect(pageMode("groups", { spaPages: "*", overrideCookie: false }, undefined)).toBe("spa");
  });
  it("ignores the override cookie unless configuration enables it", () => {
    expect(pageMode("profile", none, "profile=spa")).toBe("server");
    expect(pageMode("profile", { ...none, overrideCookie: true }, "profile=spa")).toBe("spa");
  });
  it("lets the cookie force a configured SPA page back to server mode", () => {
    expect(pageMode("profile", { spaPages: "*", overrideCookie: true }, "profile=server")).toBe("server");
  });
  it("applies a wildcard override to every page, a page entry winning over it", () => {
    const flags = { ...none, overrideCookie: true };
    expect(pageMode("groups", flags, "*=spa")).toBe("spa");
    expect(pageMode("groups", flags, "*=spa,groups=server")).toBe("server");
  });
  it("drops malformed and unknown entries from the cookie", () => {
    const parsed = parseModeCookie("profile=spa,bogus=spa,directory=client,=spa,groups");
    expect([...parsed]).toEqual([["profile", "spa"]]);
    expect(serializeModeCookie(parsed)).toBe("profile=spa");
  });
  it("falls back to what the page's flag says, below the cookie and SPA_PAGES", () => {
    expect(pageMode("profile", none, undefined, "spa")).toBe("spa");
    expect(pageMode("profile", { ...none, overrideCookie: true }, "profile=server", "spa")).toBe("server");
    expect(pageMode("profile", { spaPages: ["profile"], overrideCookie: false }, undefined, "server")).toBe("spa");
    expect(pageMode("profile", { spaPages: ["directory"], overrideCookie: true }, "directory=server", "spa")).toBe(
      "spa",
    );
  });
});
