// User.ReadBasic.All: other users' basic profile only (Graph answers the rest as null); /me and the
// full-profile permissions see everything.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { appClaims, delegatedClaims, mintGraphTokenForTest } from "./graph-token.ts";
import { startTestEmulator } from "./harness.ts";

let emu: RunningEmulator;
beforeAll(async () => {
  emu = await startTestEmulator();
});
afterAll(() => emu?.close());

const ADELE = "adele@contoso.onmicrosoft.com";
const GRADY_ID = "a1b2c3d4-1111-4aaa-8bbb-000000000004";
const token = (scp: string) => mintGraphTokenForTest(emu.ctx, delegatedClaims(emu.ctx, ADELE, scp));
const get = async (path: string, bearer: string) => {
  const res = await fetch(`${emu.url}/graph/v1.0${path}`, {
    headers: { authorization: `Bearer ${bearer}`, ConsistencyLevel: "eventual" },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, any>;
};

describe("User.ReadBasic.All", () => {
  it("another user: the basic profile, every other property null, also when $select asks for it", async () => {
    const basic = await token("User.ReadBasic.All");
    const grady = await get(`/users/${GRADY_ID}`, basic);
    expect(grady).toMatchObject({
      id: GRADY_ID,
      displayName: "Grady Archie",
      userPrincipalName: "grady@contoso.onmicrosoft.com",
      businessPhones: [],
      jobTitle: null,
      officeLocation: null,
    });
    expect(grady.mail).toBeTruthy();
    const selected = await get(`/users/${GRADY_ID}?$select=displayName,jobTitle,department,accountEnabled`, basic);
    expect(selected).toMatchObject({
      displayName: "Grady Archie",
      jobTitle: null,
      department: null,
      accountEnabled: null,
    });
  });

  it("a search lists the basic profile of each match", async () => {
    const page = await get(
      `/users?$search=${encodeURIComponent('"displayName:grady"')}&$select=id,displayName,mail,jobTitle,department`,
      await token("User.ReadBasic.All"),
    );
    expect(page.value).toEqual([
      { id: GRADY_ID, displayName: "Grady Archie", mail: expect.any(String), jobTitle: null, department: null },
    ]);
  });

  it("the signed-in user's own profile stays whole, through /me (User.Read) and /users/{own id}", async () => {
    const me = await get("/me?$select=displayName,jobTitle,department", await token("User.Read"));
    expect(me).toMatchObject({ jobTitle: "Product Manager", department: "Engineering" });
    const self = await get(
      "/users/a1b2c3d4-1111-4aaa-8bbb-000000000001?$select=jobTitle",
      await token("User.ReadBasic.All"),
    );
    expect(self.jobTitle).toBe("Product Manager");
  });

  it("User.Read.All and application User.Read.All read the full profile", async () => {
    expect(
      (await get(`/users/${GRADY_ID}?$select=jobTitle`, await token("User.ReadBasic.All User.Read.All"))).jobTitle,
    ).toBe("Program Manager");
    expect(
      (
        await get(
          `/users/${GRADY_ID}?$select=jobTitle`,
          await mintGraphTokenForTest(emu.ctx, appClaims(["User.Read.All"])),
        )
      ).jobTitle,
    ).toBe("Program Manager");
  });
});
