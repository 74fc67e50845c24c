import { describe, expect, it } from "vitest";
import { HSTS, securityHeaders } from "./security-headers";

describe("security headers", () => {
  it("HSTS (two years, subdomains) whenever the app's URL is https, never over http", () => {
    expect(HSTS).toBe("max-age=63072000; includeSubDomains");
    expect(securityHeaders("https://app.example.com")["Strict-Transport-Security"]).toBe(HSTS);
    expect(securityHeaders("http://localhost:3000")).not.toHaveProperty("Strict-Transport-Security");
  });

  it("a Permissions-Policy that turns off what the app does not use", () => {
    const policy = securityHeaders("http://localhost:3000")["Permissions-Policy"];
    for (const feature of ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"])
      expect(policy).toContain(`${feature}=()`);
    expect(policy).not.toMatch(/=\((?!\))/); // nothing allowed anywhere
  });

  it("keeps nosniff, the referrer policy and DENY framing", () => {
    expect(securityHeaders("https://app.example.com")).toMatchObject({
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
  });
});
