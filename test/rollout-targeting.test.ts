// Targeting from a real sign-in's tokens: the backend access token's `groups` claim, and for the overage
// user (231 groups: the token carries `_claim_names` instead) the groups read from Graph on behalf of the
// user, against the emulator. Then the one resolver proxy.ts uses, from a real session cookie.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { flagDocument, groupsAndPercent, pageFlag } from "../harness/flags.ts";
import { IDS, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;
const flagsFile = join(mkdtempSync(join(tmpdir(), "rollout-")), "flags.json");
const groupId = (name: string) => emu.ctx.config.groups.find((g) => g.displayName === name)!.id;
const oidOf = (upn: string) => emu.ctx.config.users.find((u) => u.userPrincipalName.startsWith(`${upn}@`))!.oid;

beforeAll(async () => {
  emu = await startAppEmulator();
  process.env.FEATURE_FLAGS_FILE = flagsFile;
  process.env.FLAG_OVERRIDE_COOKIE = "on";
});
afterAll(() => emu?.close());

/** A session cookie as NextAuth sets it after sign-in (display claims and the session id only). */
async function sessionCookie(upn: string) {
  const { getConfig } = await import("@/lib/config");
  const u = emu.ctx.config.users.find((x) => x.userPrincipalName.startsWith(`${upn}@`))!;
  const name = "authjs.session-token";
  const value = await encode({
    token: {
      sid: `sid-${upn}`,
      name: u.displayName,
      preferred_username: u.userPrincipalName,
      oid: u.oid,
      tid: IDS.tenant,
    },
    secret: getConfig().auth.secret,
    salt: name,
  });
  return new Map([[name, { value }]]);
}

async function signIn(upn: string) {
  const { rememberTargeting } = await import("@/lib/rollout/sign-in");
  const accessToken = await userToken(emu, upn);
  return rememberTargeting({ accessToken, oid: decodeJwt(accessToken).oid as string, tid: IDS.tenant });
}

describe("targeting at sign-in", () => {
  it("reads a user's groups from the access token's groups claim", async () => {
    const { groupsInToken } = await import("@/lib/rollout/targeting");
    expect(groupsInToken(await userToken(emu, "adele"))).toEqual({
      groups: expect.arrayContaining([groupId("Engineering")]),
      overage: false,
    });
    const record = await signIn("adele");
    expect(record).toMatchObject({ overage: false, resolved: true });
    expect(record.groups).toContain(groupId("Engineering"));
  });

  it("reads the overage user's 231 groups from Graph, since the token only points there", async () => {
    const { groupsInToken } = await import("@/lib/rollout/targeting");
    const token = await userToken(emu, "grady");
    expect(decodeJwt(token)._claim_names).toEqual({ groups: "src1" });
    expect(groupsInToken(token)).toEqual({ groups: [], overage: true });
    const record = await signIn("grady");
    expect(record).toMatchObject({ overage: true, resolved: true });
    expect(record.groups).toHaveLength(231);
    expect(record.groups).toContain(groupId("Project squad 117"));
  });
});

describe("the request's page modes (what proxy.ts routes by)", () => {
  it("targets the overage user by a group only Graph knows, and everyone else by percentile", async () => {
    writeFileSync(
      flagsFile,
      flagDocument(
        groupsAndPercent("groups", [groupId("Project squad 117")], 0),
        pageFlag("profile", { default_when_enabled: "spa" }),
      ),
    );
    const { resolvePageModes, rolloutRuntime } = await import("@/lib/rollout");
    await rolloutRuntime().file.reload(); // the watch would take up to a second
    await signIn("grady");
    await signIn("adele");
    expect((await resolvePageModes(await sessionCookie("grady"))).modes).toEqual({
      profile: "spa",
      directory: "server",
      groups: "spa",
      tasks: "server",
    });
    expect((await resolvePageModes(await sessionCookie("adele"))).modes).toEqual({
      profile: "spa",
      directory: "server",
      groups: "server",
      tasks: "server",
    });
    expect(await resolvePageModes(new Map())).toMatchObject({
      modes: { profile: "spa", directory: "server", groups: "server", tasks: "server" },
      signedIn: false,
    });
  });

  it("lets the override cookie win over the flag", async () => {
    const { resolvePageModes } = await import("@/lib/rollout");
    const cookies = await sessionCookie("grady");
    cookies.set("page-mode", { value: "groups=server,directory=spa" });
    expect((await resolvePageModes(cookies)).modes).toEqual({
      profile: "spa",
      directory: "spa",
      groups: "server",
      tasks: "server",
    });
  });

  it("signs in an overage user whose groups Graph refuses, targeted by id and percentile only", async () => {
    const { rememberTargeting } = await import("@/lib/rollout/sign-in");
    await fetch(`${emu.url}/_admin/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ target: "graph", status: 403, count: 3 }),
    });
    try {
      const record = await rememberTargeting({
        accessToken: await userToken(emu, "grady"),
        oid: oidOf("grady"),
        tid: IDS.tenant,
      });
      expect(record).toMatchObject({ overage: true, resolved: false, groups: [] });
    } finally {
      await fetch(`${emu.url}/_admin/faults`, { method: "DELETE" });
    }
  });
});
