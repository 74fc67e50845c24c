// One error dialect: route handlers answer through withApiErrors (lib/api/respond.ts), which turns any
// failure into { error, message, correlationId } with the status of lib/errors.ts, and lets Next's own control flow
// (redirects, Auth.js's sign-in) through untouched.
import { NextRequest } from "next/server";
import { redirect } from "next/navigation";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { startAppEmulator } from "./support/app.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startAppEmulator();
});
afterAll(() => emu?.close());

describe("withApiErrors", () => {
  it("answers an AppError with its status, wire name and message, never cached", async () => {
    const { withApiErrors } = await import("@/lib/api/respond");
    const { AppError } = await import("@/lib/errors");
    const res = await withApiErrors(async () => {
      throw new AppError("ERR_GRAPH_THROTTLED", { retryAfterSeconds: 7 });
    })(new Request("http://localhost:3000/api/x"));
    expect(res.status).toBe(503);
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("retry-after")).toBe("7");
    expect(await res.json()).toEqual({
      error: "graph_throttled",
      message: "Microsoft Graph is throttling requests. Try again in a moment.",
      correlationId: expect.stringMatching(UUID),
    });
  });

  it("answers anything else as a 500 server_error that says nothing of the failure", async () => {
    const { withApiErrors } = await import("@/lib/api/respond");
    const res = await withApiErrors(async () => {
      throw new Error("connect ECONNREFUSED 10.0.0.7:6379 secret=abc");
    })(new Request("http://localhost:3000/api/x"));
    expect(res.status).toBe(500);
    expect(await res.json()).toEqual({
      error: "server_error",
      message: "Something went wrong on the server.",
      correlationId: expect.stringMatching(UUID),
    });
  });

  it("lets Next's redirect through (Auth.js's sign-in answers with one)", async () => {
    const { withApiErrors } = await import("@/lib/api/respond");
    const handler = withApiErrors(async (): Promise<Response> => redirect("/somewhere"));
    await expect(handler(new Request("http://localhost:3000/auth/signin"))).rejects.toMatchObject({
      digest: expect.stringContaining("NEXT_REDIRECT"),
    });
  });
});

describe("the sign-in side's routes answer in the same dialect", () => {
  it("/page-mode: 400 invalid_request naming the registered pages", async () => {
    const { GET } = await import("@/app/page-mode/route");
    const res = await GET(new NextRequest("http://localhost:3000/page-mode?page=../../etc&mode=spa"));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: "invalid_request",
      message: "page must be one of profile, directory, groups, tasks; mode server or spa",
      correlationId: expect.stringMatching(UUID),
    });
  });

  it("/page-mode: sets the override cookie and goes back to the page", async () => {
    const { GET } = await import("@/app/page-mode/route");
    const res = await GET(new NextRequest("http://localhost:3000/page-mode?page=groups&mode=spa"));
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("http://localhost:3000/groups");
    expect(res.headers.get("set-cookie")).toMatch(/^page-mode=groups%3Dspa;/);
  });

  it("/auth/signout: a cross-site form gets 403 forbidden as JSON", async () => {
    const { POST } = await import("@/app/auth/signout/route");
    const res = await POST(
      new NextRequest("http://localhost:3000/auth/signout", {
        method: "POST",
        headers: { origin: "https://evil.example" },
      }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: "forbidden",
      message: "Sign-out is accepted from this app's own pages only.",
      correlationId: expect.stringMatching(UUID),
    });
  });
});
