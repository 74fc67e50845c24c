import { describe, expect, it } from "vitest";
import { isCrossSite, isCrossSiteWrite } from "./csrf";

const h = (init: Record<string, string>) => new Headers({ host: "app.example.com", ...init });

describe("isCrossSiteWrite", () => {
  it.each([
    ["another origin", { origin: "https://evil.example" }],
    ["another port of the same host", { origin: "https://app.example.com:8443" }],
    ["an opaque origin", { origin: "null" }],
    ["a malformed origin", { origin: "::" }],
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
    [
      "a forwarded host the origin does not match",
      { origin: "https://app.example.com", "x-forwarded-host": "other.example" },
    ],
  ])("refuses a POST from %s", (_name, headers) => {
    expect(isCrossSiteWrite("POST", h(headers))).toBe(true);
  });

  it.each([
    ["this origin", { origin: "https://app.example.com", "sec-fetch-site": "same-origin" }],
    [
      "behind a proxy that forwards the public host",
      { origin: "https://public.example", "x-forwarded-host": "public.example" },
    ],
    ["no browser headers (curl)", {}],
    ["a typed URL (Sec-Fetch-Site none)", { "sec-fetch-site": "none" }],
  ])("lets a POST from %s through", (_name, headers) => {
    expect(isCrossSiteWrite("POST", h(headers))).toBe(false);
  });

  it("never refuses a GET (links from other sites must work)", () => {
    expect(isCrossSite(h({ origin: "https://evil.example" }))).toBe(true);
    expect(isCrossSiteWrite("GET", h({ origin: "https://evil.example", "sec-fetch-site": "cross-site" }))).toBe(false);
  });
});
