// The README's Azure CLI setup (scripts/register-entra-apps.sh, included in the README verbatim) run against
// a recording stand-in for az (test/support/fake-az.mjs: the flags az defines, Graph's body shapes). The
// registrations it leaves are replayed into the app's own checks (config, doctor), so the script cannot
// drift from what the app needs.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/config";
import { checkWiring, type Registration } from "@/lib/diagnose/doctor";
import { checkTokenSettings } from "@/lib/diagnose/token-settings";

const SCRIPT = resolve("scripts/register-entra-apps.sh");
const FAKE_AZ = resolve("test/support/fake-az.mjs");
const APP = "https://app.example.com";
const GRAPH = "00000003-0000-0000-c000-000000000000";
const GRAPH_IDS = {
  userRead: "e1fe6dd8-ba31-4d61-89e7-88639da4683d",
  readBasic: "b340eb25-3456-403f-be2f-af7a0d370277",
  groupMember: "bc024368-1153-4739-b217-4326f2e966d0",
  userReadAll: "df021288-bdef-4463-88db-98f22de89214",
};
const OIDC_IDS = [
  "37f7f235-527c-4136-accd-4a02d197296e",
  "14dad69e-099b-42c9-810b-d002981feec1",
  "64a6cdd6-aab1-4aaf-94b8-3cc8405e90d0",
  "7427e0e9-2fba-42fe-b0c0-848c9e6a8182",
];

interface Call {
  command: string;
  flags: Record<string, string[]>;
  body?: any;
}

function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), "az-script-"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  writeFileSync(join(bin, "az"), `#!/bin/sh\nexec "${process.execPath}" "${FAKE_AZ}" "$@"\n`);
  // uuidgen prints upper case on macOS: the script must lower-case what it gets.
  writeFileSync(
    join(bin, "uuidgen"),
    `#!/bin/sh\nexec "${process.execPath}" -e 'console.log(crypto.randomUUID().toUpperCase())'\n`,
  );
  for (const f of ["az", "uuidgen"]) chmodSync(join(bin, f), 0o755);
  const env = {
    NODE_ENV: "test" as const,
    PATH: `${bin}:${process.env.PATH}`,
    HOME: dir,
    FAKE_AZ_LOG: join(dir, "az.log"),
    FAKE_AZ_STATE: join(dir, "az-state.json"),
  };
  const az = (...args: string[]) => spawnSync(join(bin, "az"), args, { cwd: dir, env, encoding: "utf8" });
  const run = (extra: Record<string, string>, script = SCRIPT) => {
    const result = spawnSync("bash", [script], { cwd: dir, env: { ...env, ...extra }, encoding: "utf8" });
    const calls = (() => {
      try {
        return readFileSync(env.FAKE_AZ_LOG, "utf8")
          .trim()
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Call);
      } catch {
        return [];
      }
    })();
    return { ...result, calls, dir };
  };
  return { run, az, dir };
}

const flag = (c: Call, name: string) => c.flags[name]?.[0];
const find = (calls: Call[], command: string, where: (c: Call) => boolean = () => true) =>
  calls.filter((c) => c.command === command && where(c));

type Replayed = Registration & { appRoles?: Array<{ value: string; id: string }> };

/** The registrations as Graph would hold them after the calls (create, update, PATCH, permission add). */
function replay(calls: Call[], appIds: string[]): Replayed[] {
  const apps = new Map<string, Replayed>(
    appIds.map((appId) => [appId, { appId, displayName: "", identifierUris: [] }]),
  );
  const created = find(calls, "ad app create");
  appIds.forEach((appId, i) =>
    Object.assign(apps.get(appId)!, {
      displayName: flag(created[i], "--display-name"),
      web: { redirectUris: created[i].flags["--web-redirect-uris"] },
    }),
  );
  for (const c of calls) {
    const app = apps.get(flag(c, "--id") ?? "");
    if (c.command === "ad app update" && app) {
      if (c.flags["--identifier-uris"]) app.identifierUris = c.flags["--identifier-uris"];
      if (c.flags["--optional-claims"]) app.optionalClaims = JSON.parse(flag(c, "--optional-claims")!);
    }
    if (c.command === "ad app permission add" && app) {
      const access = c.flags["--api-permissions"].map((p) => ({ id: p.split("=")[0], type: p.split("=")[1] }));
      app.requiredResourceAccess = [
        ...(app.requiredResourceAccess ?? []),
        { resourceAppId: flag(c, "--api")!, resourceAccess: access },
      ];
    }
    const patched = c.command === "rest" && /applications\(appId='([^']+)'\)$/.exec(flag(c, "--uri") ?? "");
    if (patched) Object.assign(apps.get(patched[1])!, c.body); // PATCH replaces each top-level property it names
  }
  return appIds.map((id) => apps.get(id)!);
}

const envFile = (dir: string) =>
  Object.fromEntries(
    readFileSync(join(dir, "entra.env"), "utf8")
      .trim()
      .split("\n")
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );

// Each az call is a node process: a run takes some seconds on a busy machine.
describe("the README's az script", { timeout: 120_000 }, () => {
  it("is the README's text, word for word", () => {
    const readme = readFileSync("README.md", "utf8");
    const block = /<!-- scripts\/register-entra-apps\.sh[^>]*-->\n```bash\n([\s\S]*?)```\n/.exec(readme);
    expect(
      block,
      "README.md includes scripts/register-entra-apps.sh in a ```bash block after its marker",
    ).not.toBeNull();
    expect(block![1]).toBe(readFileSync(SCRIPT, "utf8"));
  });

  it("registers what the app needs, with supported calls only, and writes settings the app starts with", () => {
    const { run } = sandbox();
    const r = run({ APP_URL: APP, DIRECTORY_ADMIN: "megan@contoso.onmicrosoft.com" });
    expect(r.stderr).not.toContain("ERROR");
    expect(r.status).toBe(0);
    const { calls, dir } = r;
    expect(calls.some((c) => c.command.includes("admin-consent"))).toBe(false);

    const env = envFile(dir);
    const [backend, frontend] = replay(calls, [env.ENTRA_BACKEND_CLIENT_ID, env.ENTRA_FRONTEND_CLIENT_ID]);

    // The app's own configuration parser takes the settings (the certificate PEM holds key and certificate).
    const config = parseConfig(env);
    expect(config.provider).toBe("entra");
    expect(config.entra.backend.credentials.map((c) => c.type)).toEqual(["certificate"]);
    expect(readFileSync(env.ENTRA_BACKEND_CERTIFICATE_PATH, "utf8")).toMatch(
      /BEGIN CERTIFICATE[\s\S]*BEGIN PRIVATE KEY/,
    );
    expect(statSync(env.ENTRA_BACKEND_CERTIFICATE_PATH).mode & 0o077).toBe(0);
    expect(statSync(join(dir, "entra.env")).mode & 0o077).toBe(0);

    // The doctor's registration checks pass on the registrations as the script leaves them.
    const findings = [...checkWiring(config, backend, frontend, APP), ...checkTokenSettings(config, backend, frontend)];
    expect(findings.filter((f) => f.status !== "ok").map((f) => `${f.id}: ${f.detail}`)).toEqual([]);
    expect(findings.find((f) => f.id === "token-version")?.detail).toContain("v2");

    // Permissions: backend → Graph (three delegated, User.Read.All application); frontend → backend and Graph's OIDC scopes.
    const rra = (reg: Registration, api: string) =>
      reg
        .requiredResourceAccess!.filter((r) => r.resourceAppId === api)
        .flatMap((r) => r.resourceAccess.map((a) => `${a.id}=${a.type}`))
        .sort();
    expect(rra(backend, GRAPH)).toEqual(
      [
        `${GRAPH_IDS.userRead}=Scope`,
        `${GRAPH_IDS.readBasic}=Scope`,
        `${GRAPH_IDS.groupMember}=Scope`,
        `${GRAPH_IDS.userReadAll}=Role`,
      ].sort(),
    );
    const scopeId = backend.api!.oauth2PermissionScopes!.map((s) => (s as { id?: string }).id)[0];
    expect(rra(frontend, backend.appId)).toEqual([`${scopeId}=Scope`]);
    expect(rra(frontend, GRAPH)).toEqual(OIDC_IDS.map((id) => `${id}=Scope`).sort());

    // Consent through supported calls: delegated grants, and Graph appRoleAssignments for the application permission.
    const grants = find(calls, "ad app permission grant").map((c) => [
      flag(c, "--id"),
      flag(c, "--api"),
      c.flags["--scope"].join(" "),
    ]);
    expect(grants).toEqual([
      [frontend.appId, GRAPH, "openid profile email offline_access"],
      [frontend.appId, backend.appId, "access_as_user"],
      [backend.appId, GRAPH, "User.Read User.ReadBasic.All GroupMember.Read.All"],
    ]);
    const assignments = find(calls, "rest", (c) => /appRoleAssign/.test(flag(c, "--uri")!)).map((c) => ({
      to: flag(c, "--uri")!.split("/").slice(-2).join("/"),
      ...c.body,
    }));
    const roles = Object.fromEntries(backend.appRoles!.map((x) => [x.value, x.id]));
    expect(assignments).toEqual([
      {
        to: expect.stringMatching(/\/appRoleAssignments$/),
        principalId: expect.any(String),
        resourceId: expect.any(String),
        appRoleId: GRAPH_IDS.userReadAll,
      },
      {
        to: expect.stringMatching(/\/appRoleAssignedTo$/),
        principalId: expect.any(String),
        resourceId: assignments[0].principalId,
        appRoleId: roles["Directory.Admin"],
      },
    ]);

    // Credentials: the frontend's secret and the backend certificate's public part, appended, one year.
    const resets = find(calls, "ad app credential reset");
    expect(
      resets.map((c) => [flag(c, "--id"), "--append" in c.flags, flag(c, "--cert") ?? flag(c, "--years")]),
    ).toEqual([
      [frontend.appId, true, "1"],
      [backend.appId, true, "@backend.crt"],
    ]);
    expect(env).toMatchObject({
      AUTH_URL: APP,
      ENTRA_BACKEND_APP_ID_URI: `api://${backend.appId}`,
      ENTRA_INSTANCE: "https://login.microsoftonline.com",
    });
    expect(env.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
  });

  it("with BACKEND_CREDENTIAL=secret the backend gets a secret instead of a certificate", () => {
    const { calls, dir, status } = sandbox().run({ APP_URL: APP, BACKEND_CREDENTIAL: "secret" });
    expect(status).toBe(0);
    const env = envFile(dir);
    expect(env.ENTRA_BACKEND_CLIENT_SECRET).toMatch(/^fake~/);
    expect(env.ENTRA_BACKEND_CERTIFICATE_PATH).toBeUndefined();
    expect(parseConfig(env).entra.backend.credentials.map((c) => c.type)).toEqual(["secret"]);
    expect(find(calls, "ad app credential reset").every((c) => flag(c, "--cert") === undefined)).toBe(true);
    expect(find(calls, "ad user show")).toHaveLength(0); // no DIRECTORY_ADMIN: no role assignment
  });

  it("stops at once without APP_URL, before any call", () => {
    const { calls, status, stderr } = sandbox().run({});
    expect(status).not.toBe(0);
    expect(stderr).toContain("set APP_URL to the public origin of the app");
    expect(calls).toEqual([]);
  });

  it("the stand-in refuses what az or Graph would refuse, so the test above can fail", () => {
    const { az, dir } = sandbox();
    expect(az("ad", "app", "permission", "admin-consent", "--id", "x").stderr).toContain("deprecated endpoint");
    expect(az("ad", "app", "create", "--display-name", "x", "--spa-redirect-uris", "https://a").stderr).toContain(
      "unrecognized arguments: --spa-redirect-uris",
    );
    const appId = az("ad", "app", "create", "--display-name", "x", "--query", "appId", "-o", "tsv").stdout.trim();
    const patch = (body: unknown) =>
      az(
        "rest",
        "--method",
        "PATCH",
        "--uri",
        `https://graph.microsoft.com/v1.0/applications(appId='${appId}')`,
        "--body",
        JSON.stringify(body),
      );
    expect(patch({ knownClientApplications: [appId] }).stderr).toContain(
      "Property 'knownClientApplications' does not exist on type 'microsoft.graph.application'",
    );
    expect(patch({ api: { requestedAccessTokenVersion: 3 } }).status).toBe(2);
    expect(
      patch({
        appRoles: [
          {
            id: "not-a-guid",
            value: "x",
            displayName: "x",
            description: "x",
            allowedMemberTypes: ["User"],
            isEnabled: true,
          },
        ],
      }).status,
    ).toBe(2);
    expect(
      az("ad", "app", "permission", "grant", "--id", appId, "--api", GRAPH, "--scope", "User.Read").stderr,
    ).toContain("az ad sp create");
    expect(az("ad", "app", "update", "--id", appId, "--optional-claims", '{"idTokens": []}').status).toBe(2);
    writeFileSync(
      join(dir, "both.pem"),
      "-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n-----BEGIN PRIVATE KEY-----\nx\n-----END PRIVATE KEY-----\n",
    );
    expect(az("ad", "app", "credential", "reset", "--id", appId, "--cert", "@both.pem").stderr).toContain(
      "do not include private key info",
    );
  });
});
