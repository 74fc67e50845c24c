import { describe, expect, it } from "vitest";
import { useTestEmulator } from "./use-emulator.ts";
import { APP, IDS, TENANT_FILE } from "./harness.ts";
import { startEmulator } from "../server.ts";
import { admin, authorizeUrl, pkcePair, TestBrowser, USERS } from "./browser.ts";
import type { RunningEmulator } from "../server.ts";

const WEB = APP.web;
const SPA = APP.spa;
const BACKEND_DEFAULT = `api://${IDS.backend}/.default`;

let emu: RunningEmulator;
useTestEmulator((e) => (emu = e));

const url = (o: {
  clientId?: string;
  redirectUri?: string;
  scopes?: string[];
  prompt?: string;
  tenant?: string;
  extra?: Record<string, string>;
  pkce?: boolean;
  loginHint?: string;
}) =>
  authorizeUrl(
    {
      emulator: emu,
      clientId: o.clientId ?? IDS.frontend,
      redirectUri: o.redirectUri ?? WEB,
      scopes: o.scopes ?? ["openid", "profile", "offline_access", BACKEND_DEFAULT],
      prompt: o.prompt,
      tenant: o.tenant,
      extra: o.extra,
      loginHint: o.loginHint,
    },
    o.pkce === false ? undefined : pkcePair(),
  );

describe("/authorize error pages (never redirected)", () => {
  it("unknown tenant → page AADSTS90002", async () => {
    const r = await new TestBrowser().authorize(url({ tenant: "nope.example" }));
    expect(r.errorPage).toMatchObject({ code: 90002, status: 400 });
  });

  it("unknown client → page AADSTS700016", async () => {
    const r = await new TestBrowser().authorize(url({ clientId: "11111111-2222-4333-8444-555555555555" }));
    expect(r.errorPage).toMatchObject({ code: 700016, status: 400 });
    expect(r.errorPage!.html).toContain("11111111-2222-4333-8444-555555555555");
  });

  it("unregistered redirect URI → page AADSTS50011", async () => {
    const r = await new TestBrowser().authorize(url({ redirectUri: "http://evil.example/cb" }));
    expect(r.errorPage).toMatchObject({ code: 50011, status: 400 });
    expect(r.errorPage!.html).toContain("http://evil.example/cb");
  });
});

describe("/authorize redirected errors", () => {
  it("prompt=none without a session → login_required AADSTS50058", async () => {
    const r = await new TestBrowser().authorize(url({ prompt: "none" }));
    expect(r.url!.origin + r.url!.pathname).toBe(WEB);
    expect(r.error).toBe("login_required");
    expect(r.errorCodes).toEqual([50058]);
    expect(r.params.error_uri).toBe("https://login.microsoftonline.com/error?code=50058");
    expect(r.errorDescription).toMatch(/^AADSTS50058: .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: .*Z$/s);
    expect(r.state).toBeTruthy();
  });

  it("SPA redirect without code_challenge → invalid_request AADSTS9002325", async () => {
    const r = await new TestBrowser().authorize(url({ redirectUri: SPA, pkce: false }));
    expect(r.error).toBe("invalid_request");
    expect(r.errorCodes).toEqual([9002325]);
  });

  it("id_token response type not enabled → AADSTS700054 (in the fragment)", async () => {
    const u = url({ extra: { response_type: "code id_token" } });
    const r = await new TestBrowser().authorize(u);
    expect(r.url!.hash).toContain("error=invalid_request");
    expect(r.errorCodes).toEqual([700054]);
  });

  it("declining consent → access_denied AADSTS65004", async () => {
    const r = await new TestBrowser().authorize(url({}), { username: USERS.adele, consent: "decline" });
    expect(r.consentPagesSeen).toBe(1);
    expect(r.error).toBe("access_denied");
    expect(r.errorCodes).toEqual([65004]);
  });

  it("injected fault on authorize is redirected with its code", async () => {
    await admin(emu, "POST", "/faults", { target: "authorize", aadsts: 53003 });
    const r = await new TestBrowser().authorize(url({}), { username: USERS.adele });
    expect(r.error).toBe("access_denied");
    expect(r.errorCodes).toEqual([53003]);
  });
});

describe("sign-in pages", () => {
  it("wrong password shows AADSTS50126 and lets the user retry", async () => {
    const b = new TestBrowser();
    const r = await b.authorize(url({}), { username: USERS.adele, password: "wrong" });
    expect(r.pageError).toContain("AADSTS50126");
  });

  it("an unknown name in the tenant's domain shows AADSTS50034; an account of another directory AADSTS50020", async () => {
    const unknown = await new TestBrowser().authorize(url({}), { username: "nobody@contoso.onmicrosoft.com" });
    expect(unknown.pageError).toContain(
      "AADSTS50034: The user account nobody@contoso.onmicrosoft.com does not exist in the contoso.onmicrosoft.com directory",
    );
    const guest = await new TestBrowser().authorize(url({}), { username: "pat@fabrikam.com" });
    expect(guest.pageError).toMatch(
      /AADSTS50020: User account 'pat@fabrikam\.com' from identity provider 'https:\/\/sts\.windows\.net\/[0-9a-f-]{36}\/' does not exist in tenant 'Contoso \(emulated\)'/,
    );
    const consumer = await new TestBrowser().authorize(url({}), { username: "pat@outlook.com" });
    expect(consumer.pageError).toContain("from identity provider 'live.com'");
  });

  it("disabled account shows AADSTS50057", async () => {
    const r = await new TestBrowser().authorize(url({}), { username: USERS.lee });
    expect(r.pageError).toContain("AADSTS50057");
  });

  it("sign-in page names the tenant and lists demo users", async () => {
    const res = await new TestBrowser().request(url({}));
    const html = await res.text();
    expect(html).toContain("Emulated tenant: Contoso (emulated)");
    expect(html).toContain('name="username"');
    expect(html).toContain('name="password" type="password"');
    expect(html).toContain(">Sign in</button>");
    expect(html).toContain(USERS.adele);
  });

  it("success returns code, state, client_info and session_state; a later request is answered by SSO", async () => {
    const b = new TestBrowser();
    const first = await b.authorize(url({}), { username: USERS.adele });
    expect(first.code).toBeTruthy();
    expect(first.params.session_state).toBeTruthy();
    expect(JSON.parse(Buffer.from(first.clientInfo!, "base64url").toString())).toEqual({
      uid: "a1b2c3d4-1111-4aaa-8bbb-000000000001",
      utid: IDS.tenant,
    });
    const second = await b.authorize(url({ prompt: "none" }), { consent: "none-expected" });
    expect(second.code).toBeTruthy();
    expect(second.signInPagesSeen).toBe(0);
    const sso = await admin(emu, "GET", `/events?type=sso&user=${USERS.adele}`);
    expect(sso.events).toHaveLength(1);
  });

  it("two sessions: prompt=none without hint → AADSTS16000; login_hint selects one", async () => {
    const b = new TestBrowser();
    await b.authorize(url({}), { username: USERS.adele });
    await b.authorize(url({ prompt: "login" }), { username: USERS.alex });
    const ambiguous = await b.authorize(url({ prompt: "none" }));
    expect(ambiguous.error).toBe("interaction_required");
    expect(ambiguous.errorCodes).toEqual([16000]);
    const hinted = await b.authorize(url({ prompt: "none", loginHint: USERS.alex }));
    expect(hinted.code).toBeTruthy();
    const picker = await b.authorize(url({}), { account: USERS.adele });
    expect(picker.pickerPagesSeen).toBe(1);
    expect(picker.code).toBeTruthy();
  });

  it("form_post response mode posts the code back", async () => {
    const r = await new TestBrowser().authorize(url({ extra: { response_mode: "form_post" } }), {
      username: USERS.adele,
    });
    expect(r.url!.toString()).toBe(WEB);
    expect(r.code).toBeTruthy();
  });
});

describe("consent", () => {
  it("one consent covers frontend→backend and backend→Graph (knownClientApplications)", async () => {
    const r = await new TestBrowser().authorize(url({}), { username: USERS.adele });
    expect(r.consentPagesSeen).toBe(1);
    expect(r.consentItems).toEqual(
      expect.arrayContaining([
        { client: IDS.frontend, resource: IDS.backend, scope: "access_as_user" },
        { client: IDS.backend, resource: IDS.graph, scope: "User.Read" },
        { client: IDS.backend, resource: IDS.graph, scope: "User.ReadBasic.All" },
      ]),
    );
    // GroupMember.Read.All is already granted tenant-wide by the seed, so it is not asked again.
    expect(r.consentItems.map((i) => i.scope)).not.toContain("GroupMember.Read.All");
  });

  it("consent is asked once per (user, client, resource)", async () => {
    await new TestBrowser().authorize(url({}), { username: USERS.adele });
    const again = await new TestBrowser().authorize(url({}), { username: USERS.adele, consent: "none-expected" });
    expect(again.code).toBeTruthy();
    const prompts = await admin(emu, "GET", `/events?type=consent_prompt&user=${USERS.adele}`);
    expect(prompts.events).toHaveLength(1);
  });

  it("prompt=none with no grant → consent_required AADSTS65001", async () => {
    const b = new TestBrowser();
    await b.authorize(url({ scopes: ["openid", "profile"] }), { username: USERS.adele });
    const r = await b.authorize(url({ prompt: "none" }));
    expect(r.error).toBe("consent_required");
    expect(r.errorCodes).toEqual([65001]);
  });

  it("admin-only scope for a non-admin → page AADSTS90094", async () => {
    const r = await new TestBrowser().authorize(url({ scopes: ["openid", "User.Read.All"] }), {
      username: USERS.adele,
    });
    expect(r.errorPage?.code).toBe(90094);
  });

  it("a user's prompt=consent for the backend lists its Graph permissions, not the admin-granted one (regression: was AADSTS90094)", async () => {
    const backendCallback = "http://localhost:3100/auth/consent/callback";
    const r = await new TestBrowser().authorize(
      url({
        clientId: IDS.backend,
        redirectUri: backendCallback,
        scopes: ["https://graph.microsoft.com/.default", "openid"],
        prompt: "consent",
        pkce: false,
      }),
      { username: USERS.adele },
    );
    expect(r.errorPage).toBeUndefined();
    expect(r.code).toBeTruthy();
    expect(r.consentItems).toEqual([
      { client: IDS.backend, resource: IDS.graph, scope: "User.Read" },
      { client: IDS.backend, resource: IDS.graph, scope: "User.ReadBasic.All" },
    ]);
    const { grants } = await admin(emu, "GET", "/grants");
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          clientAppId: IDS.backend,
          resourceAppId: IDS.graph,
          consentType: "Principal",
          scope: "User.Read User.ReadBasic.All",
        }),
      ]),
    );
  });

  it("admin with prompt=consent grants tenant-wide", async () => {
    await new TestBrowser().authorize(url({ prompt: "consent" }), { username: USERS.megan });
    const { grants } = await admin(emu, "GET", "/grants");
    expect(grants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          clientAppId: IDS.frontend,
          resourceAppId: IDS.backend,
          consentType: "AllPrincipals",
          scope: "access_as_user",
        }),
      ]),
    );
    const r = await new TestBrowser().authorize(url({}), { username: USERS.alex, consent: "none-expected" });
    expect(r.code).toBeTruthy();
  });

  it("/adminconsent: admin grants static permissions and app roles, redirect admin_consent=True", async () => {
    const u = new URL(`${emu.url}/${IDS.tenant}/v2.0/adminconsent`);
    u.searchParams.set("client_id", IDS.frontend);
    u.searchParams.set("redirect_uri", WEB);
    u.searchParams.set("state", "s1");
    u.searchParams.set("scope", BACKEND_DEFAULT);
    const r = await new TestBrowser().authorize(u, { username: USERS.megan });
    expect(r.params).toMatchObject({ admin_consent: "True", tenant: IDS.tenant, state: "s1" });
    const nonAdmin = await new TestBrowser().authorize(u, { username: USERS.adele });
    expect(nonAdmin.errorPage?.code).toBe(90094);
  });
});

describe("logout", () => {
  it("ends the session: prompt=none then fails with 50058; redirects to a registered URI with state", async () => {
    const b = new TestBrowser();
    await b.authorize(url({}), { username: USERS.adele });
    const res = await b.request(
      `${emu.url}/${IDS.tenant}/oauth2/v2.0/logout?client_id=${IDS.frontend}&post_logout_redirect_uri=${encodeURIComponent("http://localhost:3000/signed-out")}&state=bye`,
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://localhost:3000/signed-out?state=bye");
    const r = await b.authorize(url({ prompt: "none" }));
    expect(r.errorCodes).toEqual([50058]);
    const unregistered = await b.request(
      `${emu.url}/${IDS.tenant}/oauth2/v2.0/logout?post_logout_redirect_uri=${encodeURIComponent("http://evil.example/")}`,
    );
    expect(unregistered.status).toBe(200);
    expect(await unregistered.text()).toContain("You signed out");
  });

  it("signing out elsewhere loads each signed-in app's front-channel logout URL with the session's sid, then goes on", async () => {
    const b = new TestBrowser();
    await b.authorize(url({}), { username: USERS.adele });
    const back = encodeURIComponent("http://localhost:3000/signed-out");
    const res = await b.request(`${emu.url}/${IDS.tenant}/oauth2/v2.0/logout?post_logout_redirect_uri=${back}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    const frames = [...html.matchAll(/<iframe src="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"));
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatch(/^http:\/\/localhost:3000\/auth\/frontchannel-logout\?sid=[0-9a-f-]{36}$/);
    expect(html).toContain('location.replace("http://localhost:3000/signed-out")');
    // Signed out already: a second sign-out has nobody to tell.
    const again = await b.request(`${emu.url}/${IDS.tenant}/oauth2/v2.0/logout?post_logout_redirect_uri=${back}`);
    expect(again.status).toBe(302);
  });

  it("the front-channel logout URL registered as {app}/… reaches the app's URL the emulator was started with", async () => {
    const other = await startEmulator({
      configPath: TENANT_FILE,
      stateDir: process.env.EMULATOR_STATE_DIR!,
      port: 0,
      appUrl: "http://localhost:5173/",
    });
    try {
      const b = new TestBrowser();
      const signIn = authorizeUrl(
        {
          emulator: other,
          clientId: IDS.frontend,
          redirectUri: "http://localhost:5173/api/auth/callback/microsoft-entra-id",
          scopes: ["openid", "profile", BACKEND_DEFAULT],
        },
        pkcePair(),
      );
      expect((await b.authorize(signIn, { username: USERS.adele })).code).toBeTruthy();
      const html = await (await b.request(`${other.url}/${IDS.tenant}/oauth2/v2.0/logout`)).text();
      const frames = [...html.matchAll(/<iframe src="([^"]+)"/g)].map((m) => m[1]);
      expect(frames).toEqual([
        expect.stringMatching(/^http:\/\/localhost:5173\/auth\/frontchannel-logout\?sid=[0-9a-f-]{36}$/),
      ]);
    } finally {
      await other.close();
    }
  });

  // Entra's logout_hint picks the account among the sessions of the browser that calls (its cookie); a
  // request from elsewhere that only knows a user's name must not end that user's sessions.
  it("logout_hint without the browser's session cookie ends nobody's session and reveals no sid", async () => {
    const adele = new TestBrowser();
    await adele.authorize(url({}), { username: USERS.adele });
    const stranger = new TestBrowser();
    const res = await stranger.request(
      `${emu.url}/${IDS.tenant}/oauth2/v2.0/logout?${new URLSearchParams({ logout_hint: USERS.adele, post_logout_redirect_uri: "http://localhost:3000/signed-out" })}`,
    );
    expect(res.status).toBe(302); // nobody signed out, so no front-channel page to show
    expect(res.headers.get("location")).toBe("http://localhost:3000/signed-out");
    const sids = [...emu.ctx.events.list({ type: "logout" })].map((e) => e.data?.sid).filter(Boolean);
    expect(sids).toEqual([]);
    const silent = await adele.authorize(url({ prompt: "none" }));
    expect(silent.code).toBeTruthy(); // adele's own browser is still signed in
  });

  it("logout_hint picks among the calling browser's sessions only", async () => {
    const b = new TestBrowser();
    await b.authorize(url({}), { username: USERS.adele });
    await b.authorize(url({ prompt: "login" }), { username: USERS.alex });
    const res = await b.request(
      `${emu.url}/${IDS.tenant}/oauth2/v2.0/logout?${new URLSearchParams({ logout_hint: USERS.alex, post_logout_redirect_uri: "http://localhost:3000/signed-out" })}`,
    );
    expect([200, 302]).toContain(res.status);
    expect(emu.ctx.events.list({ type: "logout" }).map((e) => e.user)).toEqual([
      emu.ctx.config.users.find((u) => u.userPrincipalName === USERS.alex)!.oid,
    ]);
    expect((await b.authorize(url({ prompt: "none", loginHint: USERS.adele }))).code).toBeTruthy();
  });
});
