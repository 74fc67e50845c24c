import { describe, expect, it } from "vitest";
import { redirectUriMatches } from "../identity/redirect-uri.ts";

describe("redirect URI matching (Entra's localhost exception)", () => {
  it("ignores the port of a loopback http URI", () => {
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:5173/cb")).toBe(true);
    expect(redirectUriMatches("http://localhost:3000/cb", "http://localhost:3001/cb")).toBe(true);
    expect(redirectUriMatches("http://127.0.0.1/cb", "http://127.0.0.1:49152/cb")).toBe(true);
    expect(redirectUriMatches("http://[::1]/cb", "http://[::1]:8080/cb")).toBe(true);
  });

  it("keeps scheme, host, path and query exact", () => {
    expect(redirectUriMatches("http://localhost/cb", "https://localhost:3001/cb")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://127.0.0.1:3001/cb")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:3001/cb/")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:3001/CB")).toBe(false);
    expect(redirectUriMatches("http://localhost/cb", "http://localhost:3001/cb?x=1")).toBe(false);
    expect(redirectUriMatches("http://localhost/a/cb", "http://localhost:3001/a/../a/cb")).toBe(false);
  });

  it("matches a non-loopback host with its exact port only", () => {
    expect(redirectUriMatches("https://app.example.com/cb", "https://app.example.com/cb")).toBe(true);
    expect(redirectUriMatches("https://app.example.com/cb", "https://app.example.com:8443/cb")).toBe(false);
    expect(redirectUriMatches("http://app.example.com/cb", "http://app.example.com:80/cb")).toBe(false);
    expect(redirectUriMatches("http://localhost.example.com/cb", "http://localhost.example.com:3001/cb")).toBe(false);
  });
});
