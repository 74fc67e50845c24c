// The backend authenticating with a federated token (workload identity): no secret, no certificate, only
// a token file the platform rotates, read again at each token request.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { admin } from "../emulator/test/browser.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, startAppEmulator, userToken } from "./support/app.ts";

const SUBJECT = "system:serviceaccount:default:dual-mode-app";
const USER_READ = ["https://graph.microsoft.com/User.Read"];
let emu: RunningEmulator;
let tokenFile: string;
const project = async (subject: string) =>
  writeFileSync(tokenFile, (await admin<{ token: string }>(emu, "POST", "/workload-token", { subject })).token);

beforeAll(async () => {
  emu = await startAppEmulator();
  tokenFile = join(mkdtempSync(join(tmpdir(), "workload-")), "token");
  await project(SUBJECT);
  process.env.ENTRA_BACKEND_FEDERATED_TOKEN_FILE = tokenFile;
});
afterAll(() => emu?.close());

it("exchanges the assertion with the federated token alone", async () => {
  const { getConfig } = await import("@/lib/config");
  expect(getConfig().entra.backend.credentials.map((c) => c.type)).toEqual(["federated"]);
  const { getAuthorizationHeader } = await import("@/lib/obo");
  const { resolveCaller } = await import("@/lib/bearer");
  const header = await getAuthorizationHeader({
    scopes: USER_READ,
    caller: await resolveCaller(apiRequest("/api/me", await userToken(emu, "adele"))),
  });
  expect(decodeJwt(header.slice(7))).toMatchObject({ oid: "a1b2c3d4-1111-4aaa-8bbb-000000000001", appidacr: "2" });
});

it("reads the file at each token request: a token for another subject is refused with a diagnosis, the right one works again", async () => {
  const { getAuthorizationHeader } = await import("@/lib/obo");
  const { resolveCaller } = await import("@/lib/bearer");
  await project("system:serviceaccount:default:someone-else");
  const err = await getAuthorizationHeader({
    scopes: USER_READ,
    caller: await resolveCaller(apiRequest("/api/me", await userToken(emu, "alex"))),
  }).catch((e: unknown) => e);
  expect(err).toMatchObject({ code: "ERR_OBO_MISCONFIGURED", details: { diagnosis: { code: "AADSTS700213" } } });
  await project(SUBJECT);
  const header = await getAuthorizationHeader({
    scopes: USER_READ,
    caller: await resolveCaller(apiRequest("/api/me", await userToken(emu, "alex"))),
  });
  expect(decodeJwt(header.slice(7)).oid).toBe("a1b2c3d4-1111-4aaa-8bbb-000000000002");
});

it("the doctor checks the federated credential with a real token request", async () => {
  const { runDoctor } = await import("@/lib/diagnose/doctor");
  const { getConfig } = await import("@/lib/config");
  const findings = await runDoctor(getConfig());
  expect(findings.find((f) => f.id === "backend-credential-1")).toMatchObject({
    status: "ok",
    title: "Backend credential 1 (federated token file)",
  });
  expect(findings.find((f) => f.id === "federated-token-1")).toMatchObject({
    status: "ok",
    detail: expect.stringContaining(`subject ${SUBJECT}, audience api://AzureADTokenExchange`),
  });
  writeFileSync(tokenFile, "not a token");
  expect((await runDoctor(getConfig())).find((f) => f.id === "federated-token-1")).toMatchObject({
    status: "error",
    detail: expect.stringContaining("does not hold a JWT"),
  });
});
