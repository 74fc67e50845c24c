import { describe, expect, it } from "vitest";
import { findRoute, segmentsOf, type RouteSpec } from "../routes.ts";

const ROUTES: Array<RouteSpec & { name: string }> = [
  { method: "GET", path: "/", name: "home" },
  { method: "*", path: "/common/discovery/instance", name: "instance" },
  { method: "*", path: "/:tenant/oauth2/v2.0/token", name: "token" },
  { method: "POST", path: "/:tenant/login", name: "login" },
  { method: "GET", path: "/users/:id/photo", name: "photo" },
];
const find = (method: string, path: string) => findRoute(ROUTES, method, segmentsOf(path));

describe("the emulator's route tables", () => {
  it("matches templates, capturing `:name` segments", () => {
    expect(find("POST", "/contoso.onmicrosoft.com/oauth2/v2.0/token")).toEqual({
      route: ROUTES[2],
      params: { tenant: "contoso.onmicrosoft.com" },
    });
    expect(find("GET", "/")).toEqual({ route: ROUTES[0], params: {} });
  });

  it("takes the first route that matches, literal routes before templates", () => {
    expect(find("GET", "/common/discovery/instance")).toMatchObject({ route: { name: "instance" } });
  });

  it("matches literal segments case-insensitively, and ignores empty segments", () => {
    expect(find("GET", "/Common/OAuth2/V2.0/Token")).toMatchObject({
      route: { name: "token" },
      params: { tenant: "Common" },
    });
    expect(find("GET", "//users/a%40b.com/photo/")).toMatchObject({
      route: { name: "photo" },
      params: { id: "a@b.com" },
    });
  });

  it("tells a path with no route from a method the route does not take", () => {
    expect(find("GET", "/common/login")).toBe("method-not-allowed");
    expect(find("GET", "/nothing/here")).toBeUndefined();
    expect(find("GET", "/users/%ZZ/photo")).toMatchObject({ params: { id: "%ZZ" } });
  });
});
