import { describe, expect, it } from "vitest";
import { useTestEmulator } from "./use-emulator.ts";
import { APP, IDS, TENANT_FILE } from "./harness.ts";
import { admin, authorizeUrl, TestBrowser, USERS } from "./browser.ts";
import type { RunningEmulator } from "../server.ts";
import { signInWeb } from "./web-sign-in.ts";
import { startEmulator } from "../server.ts";

const WEB = APP.web;
const SCOPES = [...APP.scopes];

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

describe("admin: grants", () => {
  it("lists the seed grant (backend → Graph GroupMember.Read.All, tenant-wide)", async () => {
    const { grants } = await admin(emu, "GET", "/grants");
    expect(grants).toEqual([
      expect.objectContaining({
        clientAppId: IDS.backend,
        resourceAppId: IDS.graph,
        consentType: "AllPrincipals",
        scope: "GroupMember.Read.All",
        seed: true,
      }),
    ]);
  });

  it("a seeded grant skips the consent page; deleting it brings the page back", async () => {
    await admin(emu, "POST", "/grants", {
      clientAppId: IDS.frontend,
      resourceAppId: IDS.backend,
      consentType: "Principal",
      principal: USERS.alex,
      scope: "access_as_user",
    });
    const skipped = await new TestBrowser().authorize(
      authorizeUrl({ emulator: emu, clientId: IDS.frontend, redirectUri: WEB, scopes: SCOPES }),
      { username: USERS.alex, consent: "none-expected" },
    );
    expect(skipped.code).toBeTruthy();
    const { deleted } = await admin(
      emu,
      "DELETE",
      `/grants?user=${USERS.alex}&client=${IDS.frontend}&resource=${IDS.backend}`,
    );
    expect(deleted).toBe(1);
    const prompted = await new TestBrowser().authorize(
      authorizeUrl({ emulator: emu, clientId: IDS.frontend, redirectUri: WEB, scopes: SCOPES }),
      { username: USERS.alex },
    );
    expect(prompted.consentPagesSeen).toBe(1);
  });

  it("reset drops consented grants but keeps the seed", async () => {
    await signInWeb(emu, { scopes: SCOPES, username: USERS.adele });
    expect((await admin(emu, "GET", "/grants")).grants.length).toBeGreaterThan(1);
    await admin(emu, "POST", "/reset");
    expect((await admin(emu, "GET", "/grants")).grants).toHaveLength(1);
  });
});

describe("admin: events", () => {
  it("records sign_in, consent_prompt and consent_granted per user; since filters by seq", async () => {
    await signInWeb(emu, { scopes: SCOPES, username: USERS.adele });
    const { events } = await admin(emu, "GET", `/events?user=${USERS.adele}`);
    expect(events.map((e: { type: string }) => e.type)).toEqual(["sign_in", "consent_prompt", "consent_granted"]);
    const later = await admin(emu, "GET", `/events?since=${events.at(-1).seq}`);
    expect(later.events).toEqual([]);
  });
});

describe("admin: clock, faults, known clients", () => {
  it("clock advance and reset", async () => {
    const { now } = await admin(emu, "POST", "/clock", { advanceSeconds: 3600 });
    expect(now).toBeGreaterThan(Date.now() / 1000 + 3500);
    const reset = await admin(emu, "POST", "/clock", { reset: true });
    expect(reset.now).toBeLessThan(Date.now() / 1000 + 5);
  });

  it("faults are listed and cleared", async () => {
    await admin(emu, "POST", "/faults", { target: "token", aadsts: 50076, count: 2 });
    expect((await admin(emu, "GET", "/faults")).faults).toEqual([
      expect.objectContaining({ target: "token", aadsts: 50076, remaining: 2 }),
    ]);
    await admin(emu, "DELETE", "/faults");
    expect((await admin(emu, "GET", "/faults")).faults).toEqual([]);
  });

  it("invalid bodies are rejected with 400", async () => {
    const res = await fetch(`${emu.url}/_admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "nowhere" }),
    });
    expect(res.status).toBe(400);
  });

  it("known-clients can be changed at runtime and reset restores them", async () => {
    const changed = await admin(emu, "POST", "/config/known-clients", {
      resourceAppId: IDS.backend,
      knownClientApplications: [],
    });
    expect(changed.knownClientApplications).toEqual([]);
    const r = await signInWeb(emu, { scopes: SCOPES, username: USERS.adele });
    expect(r.result.consentItems.every((i) => i.client === IDS.frontend)).toBe(true);
    await admin(emu, "POST", "/reset");
    expect(emu.ctx.config.applications.find((a) => a.appId === IDS.backend)!.api.knownClientApplications).toEqual([
      IDS.frontend,
    ]);
  });
});

describe("admin disabled", () => {
  it("answers 404", async () => {
    const off = await startEmulator({
      configPath: TENANT_FILE,
      stateDir: process.env.EMULATOR_STATE_DIR!,
      port: 0,
      adminEnabled: false,
    });
    try {
      const res = await fetch(`${off.url}/_admin/grants`);
      expect(res.status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

// A web page on another origin can make the developer's browser send simple requests (form posts,
// no-cors fetches) to https://localhost:8443; none of them may change the tenant.
describe("admin: cross-site requests are refused", () => {
  const logoutUrl = (u: string) => JSON.stringify({ appId: IDS.frontend, logoutUrl: u });
  const frontendLogoutUrl = () => emu.ctx.config.applications.find((a) => a.appId === IDS.frontend)!.web.logoutUrl;

  it.each([
    ["a form post (urlencoded)", { "content-type": "application/x-www-form-urlencoded" }, "appId=x"],
    ["a text/plain post carrying JSON", { "content-type": "text/plain" }, logoutUrl("https://evil.example/steal")],
    ["a post without a content type", {}, undefined],
  ])("%s → 415, nothing changed", async (_name, headers, body) => {
    const before = frontendLogoutUrl();
    const res = await fetch(`${emu.url}/_admin/config/logout-url`, { method: "POST", headers, body });
    expect(res.status).toBe(415);
    expect(frontendLogoutUrl()).toBe(before);
  });

  it.each([
    ["Origin of another site", { origin: "https://evil.example" }],
    ["Origin null (sandboxed frame)", { origin: "null" }],
    ["Sec-Fetch-Site cross-site", { "sec-fetch-site": "cross-site" }],
    ["Sec-Fetch-Site same-site (another port of localhost)", { "sec-fetch-site": "same-site" }],
  ])("JSON with %s → 403, nothing changed", async (_name, headers) => {
    const json = { "content-type": "application/json" };
    const grants = (await admin(emu, "GET", "/grants")).grants.length;
    const attempts = [
      fetch(`${emu.url}/_admin/config/logout-url`, {
        method: "POST",
        headers: { ...json, ...headers },
        body: logoutUrl("https://evil.example/steal"),
      }),
      fetch(`${emu.url}/_admin/grants`, {
        method: "POST",
        headers: { ...json, ...headers },
        body: JSON.stringify({
          clientAppId: IDS.frontend,
          resourceAppId: IDS.backend,
          consentType: "AllPrincipals",
          scope: "access_as_user",
        }),
      }),
      fetch(`${emu.url}/_admin/config/known-clients`, {
        method: "POST",
        headers: { ...json, ...headers },
        body: JSON.stringify({ resourceAppId: IDS.backend, knownClientApplications: [] }),
      }),
      fetch(`${emu.url}/_admin/faults`, {
        method: "POST",
        headers: { ...json, ...headers },
        body: JSON.stringify({ target: "token", aadsts: 50000 }),
      }),
      fetch(`${emu.url}/_admin/events`, { headers }),
    ];
    for (const res of await Promise.all(attempts)) expect(res.status).toBe(403);
    expect(frontendLogoutUrl()).not.toContain("evil.example");
    expect((await admin(emu, "GET", "/grants")).grants).toHaveLength(grants);
    expect(emu.ctx.config.applications.find((a) => a.appId === IDS.backend)!.api.knownClientApplications).toEqual([
      IDS.frontend,
    ]);
    expect((await admin(emu, "GET", "/faults")).faults).toEqual([]);
  });

  it("the emulator's own origin, and callers without Origin (tests, curl), are served", async () => {
    const own = await fetch(`${emu.url}/_admin/faults`, {
      method: "DELETE",
      headers: { "content-type": "application/json", origin: emu.url, "sec-fetch-site": "same-origin" },
    });
    expect(own.status).toBe(200);
    const node = await fetch(`${emu.url}/_admin/faults`, {
      method: "DELETE",
      headers: { "content-type": "application/json; charset=utf-8" },
    });
    expect(node.status).toBe(200);
  });
});
