// Unmodified msal-node's ManagedIdentityApplication against the emulated App Service identity endpoint, and
// the identity's token as the backend's federated credential: Entra takes a user-assigned identity only.
import { ConfidentialClientApplication, ManagedIdentityApplication } from "@azure/msal-node";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { IDS, startTestEmulator } from "./harness.ts";

const USER_ASSIGNED = {
  clientId: "4e2b9c71-5a3d-4f6e-8b1c-2d7e9f0a6c55",
  principalId: "b8d3e6f1-0c4a-4d2b-9e7f-5a1c3b8d2e66",
};
const SYSTEM_ASSIGNED_PRINCIPAL = "ec2611ea-bb8a-4c33-a28f-18cd0e09570b";
const EXCHANGE = "api://AzureADTokenExchange";

describe("msal-node: managed identity as the federated credential (App Service identity endpoint)", () => {
  let emu: RunningEmulator;
  const saved = { endpoint: process.env.IDENTITY_ENDPOINT, header: process.env.IDENTITY_HEADER };
  beforeAll(async () => {
    emu = await startTestEmulator();
    process.env.IDENTITY_ENDPOINT = `${emu.url}/msi/token`;
    process.env.IDENTITY_HEADER = emu.ctx.config.managedIdentityHeader;
  });
  afterAll(() => {
    process.env.IDENTITY_ENDPOINT = saved.endpoint;
    process.env.IDENTITY_HEADER = saved.header;
    if (saved.endpoint === undefined) delete process.env.IDENTITY_ENDPOINT;
    if (saved.header === undefined) delete process.env.IDENTITY_HEADER;
    return emu.close();
  });

  const backend = (mi: ManagedIdentityApplication) =>
    new ConfidentialClientApplication({
      auth: {
        clientId: IDS.backend,
        authority: `${emu.url}/${IDS.tenant}`,
        knownAuthorities: [emu.ctx.host],
        clientAssertion: async () => (await mi.acquireToken({ resource: EXCHANGE })).accessToken,
      },
    });

  it("a user-assigned identity's token for api://AzureADTokenExchange signs the backend in, with no secret", async () => {
    const mi = new ManagedIdentityApplication({
      managedIdentityIdParams: { userAssignedClientId: USER_ASSIGNED.clientId },
    });
    const exchange = await mi.acquireToken({ resource: EXCHANGE });
    expect(decodeJwt(exchange.accessToken)).toMatchObject({
      aud: "fb60f99c-7a34-4190-8149-302f77469936",
      sub: USER_ASSIGNED.principalId,
      iss: `${emu.url}/${IDS.tenant}/v2.0`,
      xms_mirid: expect.stringContaining("/providers/Microsoft.ManagedIdentity/userAssignedIdentities/"),
    });
    const app = await backend(mi).acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] });
    expect(decodeJwt(app!.accessToken)).toMatchObject({ appid: IDS.backend, appidacr: "2" });
  });

  it("a system-assigned identity is refused as Entra refuses it (AADSTS700236), though the backend lists its principal", async () => {
    const mi = new ManagedIdentityApplication();
    expect(decodeJwt((await mi.acquireToken({ resource: EXCHANGE })).accessToken)).toMatchObject({
      sub: SYSTEM_ASSIGNED_PRINCIPAL,
      xms_mirid: expect.stringContaining("/providers/Microsoft.Web/sites/"),
    });
    expect(
      emu.ctx.config.applications
        .find((a) => a.appId === IDS.backend)!
        .federatedIdentityCredentials.some((f) => f.subject === SYSTEM_ASSIGNED_PRINCIPAL),
    ).toBe(true);
    const err = (await backend(mi)
      .acquireTokenByClientCredential({ scopes: ["https://graph.microsoft.com/.default"] })
      .catch((e: unknown) => e)) as { errorCode?: string; errorNo?: string };
    expect(err.errorCode).toBe("invalid_client");
    expect(Number(err.errorNo)).toBe(700236);
  });

  it("the identity endpoint refuses a wrong header, another resource and an unknown user-assigned identity", async () => {
    const get = (query: string, header = emu.ctx.config.managedIdentityHeader) =>
      fetch(`${emu.url}/msi/token?api-version=2019-08-01&${query}`, { headers: { "X-IDENTITY-HEADER": header } });
    expect((await get(`resource=${EXCHANGE}`, "wrong-header-value")).status).toBe(401);
    expect(((await (await get("resource=https://vault.azure.net")).json()) as { message: string }).message).toContain(
      "AADSTS500011",
    );
    expect((await get(`resource=${EXCHANGE}&client_id=00000000-0000-0000-0000-000000000001`)).status).toBe(400);
  });
});
