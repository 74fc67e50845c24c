import { describe, expect, it } from "vitest";
import { backendConsentPath, safeReturnTo, signInPath } from "./auth-paths";
import { PROTOCOL_RELATIVE_AFTER_NORMALIZING } from "@/test/support/return-paths";

describe("safeReturnTo", () => {
  it.each(["/profile", "/directory?q=ad&page=2", "/groups#top", "/"])("keeps the same-origin path %s", (v) => {
    expect(safeReturnTo(v)).toBe(v);
  });
  it.each([
    ["absolute URL", "https://evil.example/profile"],
    ["protocol-relative", "//evil.example/profile"],
    ["backslash", "/\\evil.example"],
    ["backslash inside", "/x\\..\\\\evil.example"],
    ["javascript", "javascript:alert(1)"],
    ["control character", "/pro\nfile"],
    ["relative", "profile"],
    ["empty", ""],
  ])("refuses %s", (_name, v) => {
    expect(safeReturnTo(v)).toBe("/");
  });
  // Each passes the raw checks (one leading slash, no backslash) but normalizes to a protocol-relative path.
  it.each(PROTOCOL_RELATIVE_AFTER_NORMALIZING)("refuses %s, which normalizes to //…", (v) => {
    expect(safeReturnTo(v)).toBe("/");
  });
  it("keeps encoded slashes, which stay a path on this origin", () => {
    expect(safeReturnTo("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeReturnTo("/a/../profile")).toBe("/profile");
  });
  it("uses the fallback for a missing value", () => {
    expect(safeReturnTo(null, "/profile")).toBe("/profile");
  });
  it("builds the sign-in path", () => {
    expect(signInPath("/directory?q=a")).toBe("/auth/signin?returnTo=%2Fdirectory%3Fq%3Da");
    expect(signInPath("https://evil.example")).toBe("/auth/signin?returnTo=%2F");
  });
  it("builds the backend consent path", () => {
    expect(backendConsentPath("/directory?q=a")).toBe("/auth/consent?returnTo=%2Fdirectory%3Fq%3Da");
    expect(backendConsentPath("//evil.example")).toBe("/auth/consent?returnTo=%2F");
  });
});
