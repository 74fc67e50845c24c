import { describe, expect, it } from "vitest";
import { getSessions, getSpaCodes } from "./runtime";
import { startSession } from "./sign-in";

const profile = {
  oid: "a1b2c3d4-1111-4aaa-8bbb-000000000001",
  tid: "0f6a3b1c-2d4e-4f50-9a61-7b8c9d0e1f23",
  name: "Adele Vance",
  preferred_username: "adele@contoso.onmicrosoft.com",
};

describe("startSession and the hybrid spa_code", () => {
  it("keeps the spa_code beside the session, out of the cookie claims and the session record", async () => {
    const claims = await startSession({ access_token: "at", expires_in: 3600, spa_code: "1.spa-code" }, profile);
    expect(JSON.stringify(claims)).not.toContain("1.spa-code");
    expect(JSON.stringify(await getSessions().load(claims.sid))).not.toContain("1.spa-code");
    expect(await getSpaCodes().take(claims.sid)).toBe("1.spa-code");
    expect(await getSpaCodes().take(claims.sid)).toBeUndefined();
  });

  it("stores nothing when the token response had no spa_code", async () => {
    const claims = await startSession({ access_token: "at", expires_in: 3600 }, profile);
    expect(await getSpaCodes().take(claims.sid)).toBeUndefined();
  });
});
