// The service API for daemons (/api/service/*) and app-only Graph, against the in-process emulator with
// real msal-node client credentials: one small case per rule of the service policy.
import { execFile } from "node:child_process";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ConfidentialClientApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureClientCertificate } from "../emulator/pki.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import { SECRETS } from "../emulator/test/harness.ts";
import { toMsalCertificate } from "../lib/certificate.ts";
import { apiRequest, forge, IDS, startAppEmulator, userToken } from "./support/app.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/; // errorResponse's correlation id

let emu: RunningEmulator;
type Handler = (request: Request) => Promise<Response>;
let status: Handler, disabledUsers: Handler;
const stateDir = () => process.env.EMULATOR_STATE_DIR!;

beforeAll(async () => {
  emu = await startAppEmulator();
  // The emulator writes a registration's generated certificate when first asked for it.
  for (const name of ["service", "service-norole", "backend"]) ensureClientCertificate(stateDir(), name);
  status = (await import("@/app/api/service/status/route")).GET;
  disabledUsers = (await import("@/app/api/service/disabled-users/route")).GET;
});
afterAll(() => emu?.close());

const BACKEND_DEFAULT = `api://${IDS.backend}/.default`;

function msalClient(
  clientId: string,
  credential: { certificate: string } | { secret: string },
): ConfidentialClientApplication {
  const host = new URL(emu.url).host;
  const auth =
    "secret" in credential
      ? { clientSecret: credential.secret }
      : (() => {
          const files = ensureClientCertificate(stateDir(), credential.certificate);
          return {
            clientCertificate: toMsalCertificate({ certificatePem: files.certPem, privateKeyPem: files.keyPem }),
          };
        })();
  return new ConfidentialClientApplication({
    auth: { clientId, authority: `${emu.url}/${IDS.tenant}`, knownAuthorities: [host], ...auth },
  });
}

async function appToken(
  clientId: string,
  credential: { certificate: string } | { secret: string },
  scope = BACKEND_DEFAULT,
): Promise<string> {
  const result = await msalClient(clientId, credential).acquireTokenByClientCredential({ scopes: [scope] });
  return result!.accessToken;
}

const certificateCaller = () => appToken(IDS.service, { certificate: "service" });
const disabledInTenant = () =>
  emu.ctx.config.users
    .filter((u) => u.accountEnabled === false)
    .map((u) => u.userPrincipalName)
    .sort();

describe("the service policy", () => {
  it("admits a certificate caller with the service-api role and answers directory health", async () => {
    const token = await certificateCaller();
    expect(decodeJwt(token)).toMatchObject({ idtyp: "app", azpacr: "2", roles: ["service-api"] });
    const res = await status(apiRequest("/api/service/status", token));
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      tenantId: string;
      checkedAt: string;
      users: { total?: number; disabled: number };
    };
    expect(body).toEqual({
      tenantId: IDS.tenant,
      checkedAt: expect.any(String),
      users: { total: emu.ctx.config.users.length, disabled: 5 },
    });
    expect(new Date(body.checkedAt).toISOString()).toBe(body.checkedAt);
  });

  it("refuses a secret caller (azpacr 1) with rule certificate_credential", async () => {
    const token = await appToken(IDS.serviceSecret, { secret: SECRETS.serviceSecret });
    expect(decodeJwt(token)).toMatchObject({ azpacr: "1", roles: ["service-api"] });
    const res = await status(apiRequest("/api/service/status", token));
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: "forbidden",
      rule: "certificate_credential",
      message:
        "The calling application must authenticate with a certificate; tokens obtained with a client secret are not accepted.",
      correlationId: expect.stringMatching(UUID),
    });
  });

  it("refuses a certificate caller without the role with rule role", async () => {
    const res = await status(
      apiRequest("/api/service/status", await appToken(IDS.serviceNoRole, { certificate: "service-norole" })),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: "forbidden",
      rule: "role",
      message: "The caller has not been assigned the app role 'service-api' on this API.",
      correlationId: expect.stringMatching(UUID),
    });
  });

  it("refuses a user's delegated token with rule app_only", async () => {
    const res = await status(apiRequest("/api/service/status", await userToken(emu, "adele")));
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "forbidden", rule: "app_only" });
  });

  it("refuses an app-only token for another audience with 401", async () => {
    const token = await forge(emu, {
      aud: "https://graph.microsoft.com",
      scp: undefined,
      oid: "1a2b3c4d-0000-4000-8000-00000000a004",
      idtyp: "app",
      roles: ["service-api"],
      azp: IDS.service,
      azpacr: "2",
    });
    const res = await status(apiRequest("/api/service/status", token));
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe(
      'Bearer error="invalid_token", error_description="The token audience is not this API."',
    );
    expect(await res.json()).toEqual({
      error: "invalid_token",
      message: "The token audience is not this API.",
      correlationId: expect.stringMatching(UUID),
    });
  });

  it("refuses a real Graph token (another audience, unverifiable by design) with 401", async () => {
    const res = await status(
      apiRequest(
        "/api/service/status",
        await appToken(IDS.service, { certificate: "service" }, "https://graph.microsoft.com/.default"),
      ),
    );
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_token" });
  });

  it("answers 401 unauthenticated without a token", async () => {
    const res = await status(apiRequest("/api/service/status"));
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("guards /api/service/disabled-users with the same policy", async () => {
    const res = await disabledUsers(
      apiRequest("/api/service/disabled-users", await appToken(IDS.serviceSecret, { secret: SECRETS.serviceSecret })),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ error: "forbidden", rule: "certificate_credential" });
  });
});

describe("app-only Graph: disabled accounts", () => {
  it("lists exactly the tenant's 5 disabled users across 3 pages of 2", async () => {
    const token = await certificateCaller();
    const seen: string[] = [];
    const sizes: number[] = [];
    let page: string | null = null;
    do {
      const query: string = `?top=2${page ? `&page=${page}` : ""}`;
      const res = await disabledUsers(apiRequest(`/api/service/disabled-users${query}`, token));
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: { userPrincipalName: string }[]; nextPage: string | null };
      sizes.push(body.items.length);
      seen.push(...body.items.map((u) => u.userPrincipalName));
      page = body.nextPage;
    } while (page && sizes.length < 10);
    expect(sizes).toEqual([2, 2, 1]);
    expect(seen.sort()).toEqual(disabledInTenant());
    expect(seen.sort()).toEqual(
      ["isaiah", "joni", "lee", "lynne", "pradeep"].map((n) => `${n}@contoso.onmicrosoft.com`),
    );
  });

  it("answers 400 to a page token that is not one", async () => {
    const res = await disabledUsers(apiRequest("/api/service/disabled-users?page=%25%25", await certificateCaller()));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "bad_request" });
  });

  it("reuses the backend's cached app token for Graph (one client-credentials request per process)", async () => {
    const token = await certificateCaller();
    await status(apiRequest("/api/service/status", token));
    const backendTokens = () => emu.ctx.events.list({ type: "token" }).filter((e) => e.clientId === IDS.backend).length;
    const before = backendTokens();
    expect(before).toBeGreaterThan(0);
    for (let i = 0; i < 2; i++) expect((await status(apiRequest("/api/service/status", token))).status).toBe(200);
    expect(backendTokens()).toBe(before);
  });
});

describe("the directory admin policy", () => {
  it("admits megan (Directory.Admin) and refuses adele with rule role", async () => {
    const { resolveCaller } = await import("@/lib/bearer");
    const { authorizeUser, directoryAdminPolicy } = await import("@/lib/bearer");
    const { AppError } = await import("@/lib/errors");
    const megan = await resolveCaller(apiRequest("/api/me", await userToken(emu, "megan")));
    const adele = await resolveCaller(apiRequest("/api/me", await userToken(emu, "adele")));
    if (megan.kind !== "user" || adele.kind !== "user") throw new Error("expected user callers");
    expect(authorizeUser(megan, directoryAdminPolicy())).toBe(megan);
    let refused: unknown;
    try {
      authorizeUser(adele, directoryAdminPolicy());
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(AppError);
    expect(refused).toMatchObject({
      code: "ERR_FORBIDDEN",
      details: { rule: "role" },
      message: "The caller has not been assigned the app role 'Directory.Admin' on this API.",
    });
  });
});

// ---- the daemon, as `npm run daemon` runs it (a child process, the emulator's CA trusted by run-ts) ----

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function daemon(command: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, EMULATOR_PORT: new URL(emu.url).port, ...env };
    execFile(
      process.execPath,
      ["scripts/run-ts.mjs", "daemon/main.ts", command],
      { env: childEnv, timeout: 60_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
      },
    );
  });
}

function expectNoKeyMaterial(run: Run): void {
  const output = run.stdout + run.stderr;
  const key = ensureClientCertificate(stateDir(), "service").keyPem;
  const keyBody = key.split("\n").filter((l) => l && !l.startsWith("-----"));
  expect(output).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE|client_assertion|eyJ[A-Za-z0-9_-]{20,}\.eyJ/);
  for (const line of keyBody.slice(0, 5)) expect(output).not.toContain(line);
}

/** The route handlers over HTTP, so the daemon can call them as it calls the running app. */
async function serveRoutes(): Promise<{ url: string; server: Server }> {
  const routes: Record<string, Handler> = {
    "/api/service/status": status,
    "/api/service/disabled-users": disabledUsers,
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const handler = routes[url.pathname];
    if (!handler) return void res.writeHead(404).end();
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    void handler(new Request(`http://localhost:3000${url.pathname}${url.search}`, { headers })).then(async (r) => {
      res.writeHead(r.status, Object.fromEntries(r.headers));
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

describe("the daemon", () => {
  it("reports AADSTS1002012 clearly for a scope without /.default, and prints no key material", async () => {
    const run = await daemon("token", { DAEMON_SCOPE: `api://${IDS.backend}/access_as_user` });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toContain(
      "daemon: the identity platform refused the token request (AADSTS1002012, invalid_scope)",
    );
    expect(run.stderr).toContain(
      `(AADSTS1002012, invalid_scope): The provided value for scope api://${IDS.backend}/access_as_user is not valid. Client credential flows must have a scope value with /.default suffixed`,
    );
    expect(run.stderr).toContain("hint: client credentials need a scope ending in /.default");
    expectNoKeyMaterial(run);
  });

  it("token: shows the claims of its certificate token, never the token", async () => {
    const run = await daemon("token");
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      aud: IDS.backend,
      azp: IDS.service,
      azpacr: "2",
      roles: ["service-api"],
      idtyp: "app",
    });
    expectNoKeyMaterial(run);
  });

  it("status and disabled-users: call the service API and print the result", async () => {
    const { url, server } = await serveRoutes();
    try {
      const health = await daemon("status", { DAEMON_API_URL: url });
      expect(health.stderr).toBe("");
      expect(JSON.parse(health.stdout)).toMatchObject({ tenantId: IDS.tenant, users: { disabled: 5 } });
      const job = await daemon("disabled-users", { DAEMON_API_URL: url, DAEMON_PAGE_SIZE: "2" });
      expect(job.stderr).toBe("");
      const body = JSON.parse(job.stdout) as { count: number; users: { userPrincipalName: string }[] };
      expect(body.count).toBe(5);
      expect(body.users.map((u) => u.userPrincipalName).sort()).toEqual(disabledInTenant());
      expectNoKeyMaterial(job);
    } finally {
      server.close();
    }
  });

  it("names the refused rule when the API says no", async () => {
    const { url, server } = await serveRoutes();
    try {
      const files = ensureClientCertificate(stateDir(), "service-norole");
      const run = await daemon("status", {
        DAEMON_API_URL: url,
        DAEMON_CLIENT_ID: IDS.serviceNoRole,
        DAEMON_CERTIFICATE_PATH: files.certPath,
        DAEMON_PRIVATE_KEY_PATH: files.keyPath,
      });
      expect(run.code).toBe(1);
      expect(run.stderr.trim()).toBe(
        "daemon: the service API refused /api/service/status (403 forbidden, rule role): The caller has not been assigned the app role 'service-api' on this API.",
      );
    } finally {
      server.close();
    }
  });
});
