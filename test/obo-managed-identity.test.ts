// The backend authenticating with the host's user-assigned managed identity as its federated credential:
// msal-node's ManagedIdentityApplication asks the (emulated) App Service identity endpoint for that
// identity's token for api://AzureADTokenExchange, which the backend presents instead of a secret.
import { decodeJwt } from "jose";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { apiRequest, startAppEmulator, userToken } from "./support/app.ts";

let emu: RunningEmulator;
const USER_ASSIGNED = "4e2b9c71-5a3d-4f6e-8b1c-2d7e9f0a6c55"; // the tenant file's user-assigned identity (client id)

beforeAll(async () => {
  emu = await startAppEmulator();
  delete process.env.IDENTITY_ENDPOINT;
  delete process.env.IDENTITY_HEADER;
  process.env.ENTRA_BACKEND_MANAGED_IDENTITY = USER_ASSIGNED;
});
afterAll(() => emu?.close());

it("exchanges the assertion with the managed identity alone", async () => {
  const { getConfig } = await import("@/lib/config");
  expect(getConfig().entra.backend.credentials.map((c) => c.type)).toEqual(["managed-identity"]);
  const { getAuthorizationHeader } = await import("@/lib/obo");
  const { resolveCaller } = await import("@/lib/bearer");
  const header = await getAuthorizationHeader({
    scopes: ["https://graph.microsoft.com/User.Read"],
    caller: await resolveCaller(apiRequest("/api/me", await userToken(emu, "adele"))),
  });
  expect(decodeJwt(header.slice(7))).toMatchObject({ oid: "a1b2c3d4-1111-4aaa-8bbb-000000000001", appidacr: "2" });
  // It went through the identity endpoint, once for both the exchange and the doctor below (msal-node caches it).
  const events = (await (await fetch(`${emu.url}/_admin/events?type=token`)).json()) as {
    events: Array<{ clientId?: string; data?: { grantType?: string } }>;
  };
  expect(events.events.filter((e) => e.data?.grantType === "managed_identity").map((e) => e.clientId)).toEqual([
    USER_ASSIGNED,
  ]);
});

it("the doctor checks it with a real token request, and a wrong setting is named", async () => {
  const { runDoctor } = await import("@/lib/diagnose/doctor");
  const { getConfig, parseConfig } = await import("@/lib/config");
  const findings = await runDoctor(getConfig());
  expect(findings.find((f) => f.id === "backend-credential-1")).toMatchObject({
    status: "ok",
    title: "Backend credential 1 (managed identity)",
  });
  expect(() => parseConfig({ ENTRA_BACKEND_MANAGED_IDENTITY: "my-identity" })).toThrow(
    /ENTRA_BACKEND_MANAGED_IDENTITY must be the client id GUID of a user-assigned managed identity/,
  );
  expect(() => parseConfig({ ENTRA_BACKEND_MANAGED_IDENTITY: "system" })).toThrow(/cannot be 'system'/);
});
