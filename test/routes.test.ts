// The route handlers, called directly with bearer tokens against the emulator's identity platform and Graph.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, startAppEmulator, userToken } from "./support/app.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/; // errorResponse's correlation id

let emu: RunningEmulator;
type Handler = (request: Request) => Promise<Response>;
let me: Handler, photo: Handler, directory: Handler, groups: Handler;

beforeAll(async () => {
  emu = await startAppEmulator();
  me = (await import("@/app/api/me/route")).GET;
  photo = (await import("@/app/api/me/photo/route")).GET;
  directory = (await import("@/app/api/directory/route")).GET;
  groups = (await import("@/app/api/groups/route")).GET;
});
afterAll(() => emu?.close());
beforeEach(async () => {
  await fetch(`${emu.url}/_admin/faults`, { method: "DELETE", headers: { "content-type": "application/json" } });
});

const fault = (body: Record<string, unknown>) =>
  fetch(`${emu.url}/_admin/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ target: "graph", ...body }),
  });

/** What the bench's bare ceiling (/api/bench/me, BENCH=1) serves: Adele's profile as /api/me answers it. */
async function benchCeilingProfile(): Promise<unknown> {
  const { GET } = await import("@/app/api/bench/me/route");
  const before = process.env.BENCH;
  process.env.BENCH = "1";
  try {
    return await GET().json();
  } finally {
    if (before === undefined) delete process.env.BENCH;
    else process.env.BENCH = before;
  }
}

describe("GET /api/me", () => {
  it("returns the caller's Graph profile, the very JSON the bench's ceiling stands in for", async () => {
    const res = await me(apiRequest("/api/me", await userToken(emu, "adele")));
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const profile = await res.json();
    expect(profile).toMatchObject({ displayName: "Adele Vance", userPrincipalName: "adele@contoso.onmicrosoft.com" });
    expect(profile).toEqual(await benchCeilingProfile());
  });

  it("answers 401 invalid_token to a malformed token", async () => {
    const res = await me(apiRequest("/api/me", "garbage"));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({
      error: "invalid_token",
      message: "The token is not a signed JWT.",
      correlationId: expect.stringMatching(UUID),
    });
  });

  it("relays the MFA requirement as a claims challenge", async () => {
    const res = await me(apiRequest("/api/me", await userToken(emu, "miriam")));
    expect(res.status).toBe(401);
    const header = res.headers.get("www-authenticate")!;
    const m = /^Bearer error="insufficient_claims", claims="([A-Za-z0-9+/=]+)"$/.exec(header);
    expect(m).not.toBeNull();
    const body = (await res.json()) as { error: string; claims: string; reauthUrl: string };
    expect(body.error).toBe("insufficient_claims");
    expect(Buffer.from(m![1], "base64").toString("utf8")).toBe(body.claims);
    expect(JSON.parse(body.claims)).toHaveProperty("access_token");
    expect(body.reauthUrl).toMatch(/^\/auth\/reauth\?returnTo=%2F&claims=/);
  });

  it("after the user's sessions are revoked, Graph's CAE challenge ends in 401 interaction_required (sign in again); a new sign-in works", async () => {
    const before = await userToken(emu, "alex");
    expect((await me(apiRequest("/api/me", before))).status).toBe(200); // a CAE Graph token is now cached
    await fetch(`${emu.url}/_admin/sessions/revoke`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ user: "alex@contoso.onmicrosoft.com" }),
    });
    const res = await me(apiRequest("/api/me", before));
    expect(res.status).toBe(401);
    const body = (await res.json()) as {
      error: string;
      reauthUrl: string;
      diagnosis: { code: string; happened: string };
    };
    expect(body.error).toBe("interaction_required");
    expect(body.reauthUrl).toBe("/auth/reauth?returnTo=%2F&prompt=login");
    expect(body.diagnosis.code).toBe("AADSTS50173");
    expect(body.diagnosis.happened).toContain("continuous access evaluation");
    await fetch(`${emu.url}/_admin/clock`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ advanceSeconds: 2 }),
    });
    expect((await me(apiRequest("/api/me", await userToken(emu, "alex")))).status).toBe(200);
  });

  it("retries a throttled Graph call after Retry-After", async () => {
    await fault({ status: 429, retryAfterSeconds: 0, count: 2 });
    const res = await me(apiRequest("/api/me", await userToken(emu, "adele")));
    expect(res.status).toBe(200);
  });

  it("gives up after two retries with 503 graph_throttled and Retry-After", async () => {
    await fault({ status: 429, retryAfterSeconds: 0, count: 3 });
    const res = await me(apiRequest("/api/me", await userToken(emu, "adele")));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("1");
    expect(await res.json()).toMatchObject({ error: "graph_throttled" });
  });

  it("exchanges once more when Graph refuses a cached token (401 without a claims challenge)", async () => {
    const token = await userToken(emu, "adele");
    expect((await me(apiRequest("/api/me", token))).status).toBe(200); // caches the Graph token
    const before = await oboCount();
    await fault({ status: 401, count: 1 });
    const res = await me(apiRequest("/api/me", token));
    expect(res.status).toBe(200);
    expect(await oboCount()).toBe(before + 1);
  });

  it("reports a Graph that keeps refusing fresh tokens as a misconfiguration, after one re-exchange", async () => {
    const token = await userToken(emu, "adele");
    await fault({ status: 401, count: 2 });
    const res = await me(apiRequest("/api/me", token));
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({ error: "server_misconfigured" });
  });

  it("asks for a fresh interactive sign-in when Entra requires one without a claims challenge (AADSTS50079)", async () => {
    await fetch(`${emu.url}/_admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "token", aadsts: 50079, match: "urn:ietf:params:oauth:grant-type:jwt-bearer" }),
    });
    const res = await me(apiRequest("/api/me", await userToken(emu, "alex")));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(
      `Bearer error="invalid_token", error_description="interaction_required"`,
    );
    const body = await res.json();
    expect(body).toMatchObject({ error: "interaction_required", reauthUrl: "/auth/reauth?returnTo=%2F&prompt=login" });
    expect(body.diagnosis).toMatchObject({ code: "AADSTS50079" });
  });

  it("asks for a fresh sign-in when OBO says the session ended with a password change (AADSTS50133, invalid_grant)", async () => {
    await fetch(`${emu.url}/_admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "token", aadsts: 50133, match: "urn:ietf:params:oauth:grant-type:jwt-bearer" }),
    });
    const res = await me(apiRequest("/api/me", await userToken(emu, "alex")));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: "interaction_required",
      reauthUrl: "/auth/reauth?returnTo=%2F&prompt=login",
      diagnosis: { code: "AADSTS50133" },
    });
  });

  it("maps Graph 503s to graph_unavailable", async () => {
    await fault({ status: 503, retryAfterSeconds: 0, count: 3 });
    const res = await me(apiRequest("/api/me", await userToken(emu, "adele")));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: "graph_unavailable" });
  });
});

async function oboCount(): Promise<number> {
  const { events } = (await (await fetch(`${emu.url}/_admin/events?type=token`)).json()) as {
    events: Array<{ data?: { grantType?: string } }>;
  };
  return events.filter((e) => e.data?.grantType === "urn:ietf:params:oauth:grant-type:jwt-bearer").length;
}

describe("GET /api/me/photo", () => {
  it("returns the image bytes, never cached (one URL for every user of the browser)", async () => {
    const res = await photo(apiRequest("/api/me/photo", await userToken(emu, "adele")));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^image\//);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it("answers 404 JSON when the user has no photo", async () => {
    const res = await photo(apiRequest("/api/me/photo", await userToken(emu, "alex")));
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: "not_found",
      message: "This user has no photo.",
      correlationId: expect.stringMatching(UUID),
    });
  });
});

describe("GET /api/directory", () => {
  it("pages through search results with an opaque token", async () => {
    const token = await userToken(emu, "adele");
    const first = await directory(apiRequest("/api/directory?q=a", token));
    expect(first.status).toBe(200);
    const p1 = (await first.json()) as { items: Array<{ id: string; displayName: string }>; nextPage: string | null };
    expect(p1.items).toHaveLength(10);
    expect(p1.nextPage).toMatch(/^[A-Za-z0-9_-]+$/);
    const second = await directory(apiRequest(`/api/directory?q=a&page=${p1.nextPage}`, token));
    expect(second.status).toBe(200);
    const p2 = (await second.json()) as { items: Array<{ id: string }>; nextPage: string | null };
    expect(p2.items.length).toBeGreaterThan(0);
    const ids = new Set(p1.items.map((i) => i.id));
    expect(p2.items.some((i) => ids.has(i.id))).toBe(false);
  });

  it("finds a person by name", async () => {
    const res = await directory(apiRequest("/api/directory?q=megan", await userToken(emu, "adele")));
    const body = (await res.json()) as { items: Array<{ displayName: string }>; nextPage: string | null };
    expect(body.items.map((i) => i.displayName)).toContain("Megan Bowen");
    expect(body.nextPage).toBeNull();
    // The basic profile User.ReadBasic.All reads of another user, and nothing Graph would answer as null.
    expect(body.items.find((i) => i.displayName === "Megan Bowen")).toEqual({
      id: expect.any(String),
      displayName: "Megan Bowen",
      mail: "megan@contoso.onmicrosoft.com",
      userPrincipalName: "megan@contoso.onmicrosoft.com",
    });
  });

  it.each([
    ["", "empty"],
    ["x".repeat(65), "too long"],
    ['a"b', "quoted"],
  ])("refuses q=%j (%s) with 400", async (q) => {
    const res = await directory(apiRequest(`/api/directory?q=${encodeURIComponent(q)}`, await userToken(emu, "adele")));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "bad_request" });
  });

  it("refuses a forged page token", async () => {
    const res = await directory(apiRequest("/api/directory?q=a&page=not%20a%20token", await userToken(emu, "adele")));
    expect(res.status).toBe(400);
  });
});

describe("GET /api/groups", () => {
  it("lists every group of an overage user (grady: 231) across pages", async () => {
    const res = await groups(apiRequest("/api/groups", await userToken(emu, "grady")));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      groups: Array<{ id: string; displayName: string }>;
      total: number;
      source: string;
    };
    expect(body.total).toBe(231);
    expect(body.groups).toHaveLength(231);
    expect(new Set(body.groups.map((g) => g.id)).size).toBe(231);
    expect(body.source).toBe("graph");
  });

  it("lists a regular user's groups", async () => {
    const res = await groups(apiRequest("/api/groups", await userToken(emu, "adele")));
    const body = (await res.json()) as { groups: Array<{ displayName: string }>; total: number };
    expect(body.groups.map((g) => g.displayName).sort()).toEqual(["All Company", "Engineering"]);
  });
});
