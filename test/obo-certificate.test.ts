// The backend authenticating with its certificate (private_key_jwt, x5t#S256 computed from the PEM).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import { ensureClientCertificate } from "../emulator/pki.ts";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;

beforeAll(async () => {
  emu = await startAppEmulator();
  const cert = ensureClientCertificate(process.env.EMULATOR_STATE_DIR!, "backend");
  const path = join(mkdtempSync(join(tmpdir(), "backend-cert-")), "backend.pem");
  writeFileSync(path, `${cert.certPem}\n${cert.keyPem}`, { mode: 0o600 });
  process.env.ENTRA_BACKEND_CERTIFICATE_PATH = path;
});
afterAll(() => emu?.close());

it("exchanges the assertion using the backend certificate", async () => {
  const { getConfig } = await import("@/lib/config");
  expect(getConfig().entra.backend.credentials.map((c) => c.type)).toEqual(["certificate"]);
  const { getAuthorizationHeader } = await import("@/lib/obo");
  const { resolveCaller } = await import("@/lib/bearer");
  const caller = await resolveCaller(apiRequest("/api/me", await userToken(emu, "adele")));
  const header = await getAuthorizationHeader({ scopes: ["https://graph.microsoft.com/User.Read"], caller });
  expect(decodeJwt(header.slice(7))).toMatchObject({ oid: "a1b2c3d4-1111-4aaa-8bbb-000000000001", appidacr: "2" });
});
