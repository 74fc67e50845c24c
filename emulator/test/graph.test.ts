// The Graph subset over real HTTPS: shapes, query options, paging, photos, membership, faults.
import { crc32, inflateSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorContext } from "../context.ts";
import { appClaims, delegatedClaims, mintGraphTokenForTest } from "./graph-token.ts";
import { startTestEmulator } from "./harness.ts";

let emulator: Awaited<ReturnType<typeof startTestEmulator>>;
let ctx: EmulatorContext;

const ADELE = "adele@contoso.onmicrosoft.com";
const ALEX = "alex@contoso.onmicrosoft.com";
const GRADY = "grady@contoso.onmicrosoft.com";
const DISABLED = ["lee", "lynne", "pradeep", "isaiah", "joni"].map((a) => `${a}@contoso.onmicrosoft.com`).sort();

beforeAll(async () => {
  emulator = await startTestEmulator();
  ctx = emulator.ctx;
  ctx.clock.freeze();
});
afterAll(() => emulator.close());

const userToken = (upn: string, scp: string) => mintGraphTokenForTest(ctx, delegatedClaims(ctx, upn, scp));
const appToken = (roles: string[]) => mintGraphTokenForTest(ctx, appClaims(roles));

async function call(
  path: string,
  token?: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const url = path.startsWith("https://") ? path : `${emulator.url}/graph${path}`;
  const headers: Record<string, string> = { ...init.headers };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (init.body !== undefined) headers["Content-Type"] = "application/json";
  return fetch(url, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
}

async function json(res: Response): Promise<Record<string, any>> {
  return (await res.json()) as Record<string, any>;
}

async function expectError(res: Response, status: number, code: string, message?: string) {
  expect(res.status).toBe(status);
  const body = await json(res);
  expect(body.error.code).toBe(code);
  if (message !== undefined) expect(body.error.message).toBe(message);
  expect(body.error.innerError["request-id"]).toBe(res.headers.get("request-id"));
  expect(body.error.innerError.date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  return body;
}

async function collect(first: string, token: string, headers: Record<string, string> = {}) {
  const items: any[] = [];
  const links: string[] = [];
  let next: string | undefined = first;
  while (next) {
    const res = await call(next, token, { headers });
    expect(res.status).toBe(200);
    const body = await json(res);
    items.push(...body.value);
    next = body["@odata.nextLink"];
    if (next) links.push(next);
    expect(links.length).toBeLessThan(50);
  }
  return { items, links };
}

describe("/me", () => {
  it("returns Graph's default property set", async () => {
    const res = await call("/v1.0/me", await userToken(ADELE, "openid profile User.Read"));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(Object.keys(body)).toEqual([
      "@odata.context",
      "businessPhones",
      "displayName",
      "givenName",
      "jobTitle",
      "mail",
      "mobilePhone",
      "officeLocation",
      "preferredLanguage",
      "surname",
      "userPrincipalName",
      "id",
    ]);
    expect(body["@odata.context"]).toBe(`${ctx.graphBaseUrl}/v1.0/$metadata#users/$entity`);
    expect(body).toMatchObject({
      displayName: "Adele Vance",
      givenName: "Adele",
      surname: "Vance",
      userPrincipalName: ADELE,
      id: "a1b2c3d4-1111-4aaa-8bbb-000000000001",
      businessPhones: [],
      mobilePhone: null,
    });
  });

  it("honours $select, including accountEnabled and department", async () => {
    const res = await call(
      "/v1.0/me?$select=displayName,accountEnabled,department",
      await userToken(ADELE, "User.Read"),
    );
    const body = await json(res);
    expect(body).toEqual({
      "@odata.context": `${ctx.graphBaseUrl}/v1.0/$metadata#users(displayName,accountEnabled,department)/$entity`,
      displayName: "Adele Vance",
      accountEnabled: true,
      department: "Engineering",
    });
  });

  it("rejects an unknown $select property", async () => {
    await expectError(
      await call("/v1.0/me?$select=shoeSize", await userToken(ADELE, "User.Read")),
      400,
      "Request_BadRequest",
      "Could not find a property named 'shoeSize' on type 'microsoft.graph.user'.",
    );
  });

  it("answers 400 to an app-only token", async () => {
    await expectError(
      await call("/v1.0/me", await appToken(["User.Read.All"])),
      400,
      "BadRequest",
      "/me request is only valid with delegated authentication flow.",
    );
  });

  it("answers 403 without a profile scope", async () => {
    await expectError(
      await call("/v1.0/me", await userToken(ADELE, "openid GroupMember.Read.All")),
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    );
  });
});

function pngSide(buf: Buffer): number {
  expect([...buf.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let offset = 8;
  let side = 0;
  const idat: Buffer[] = [];
  for (;;) {
    const len = buf.readUInt32BE(offset);
    const type = buf.toString("ascii", offset + 4, offset + 8);
    const data = buf.subarray(offset + 8, offset + 8 + len);
    expect(buf.readUInt32BE(offset + 8 + len)).toBe(crc32(buf.subarray(offset + 4, offset + 8 + len)));
    if (type === "IHDR") side = data.readUInt32BE(0);
    if (type === "IDAT") idat.push(data);
    offset += 12 + len;
    if (type === "IEND") break;
  }
  expect(inflateSync(Buffer.concat(idat)).length).toBe(side * (1 + side * 3));
  return side;
}

describe("photos", () => {
  it("serves a valid PNG for a user with a photo", async () => {
    const res = await call("/v1.0/me/photo/$value", await userToken(ADELE, "User.Read"));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(pngSide(Buffer.from(await res.arrayBuffer()))).toBe(648);
  });

  it("serves sized photos", async () => {
    const res = await call("/v1.0/me/photos/48x48/$value", await userToken(ADELE, "User.Read"));
    expect(res.status).toBe(200);
    expect(pngSide(Buffer.from(await res.arrayBuffer()))).toBe(48);
  });

  it("serves photo metadata", async () => {
    const body = await json(await call("/v1.0/me/photos/96x96", await userToken(ADELE, "User.Read")));
    expect(body).toMatchObject({ "@odata.mediaContentType": "image/png", id: "96x96", width: 96, height: 96 });
  });

  it("answers 404 ImageNotFound for a user without a photo", async () => {
    await expectError(
      await call("/v1.0/me/photo/$value", await userToken(ALEX, "User.Read")),
      404,
      "ImageNotFound",
      "The photo wasn't found.",
    );
  });

  it("answers 404 ImageNotFound for an unknown size", async () => {
    await expectError(
      await call("/v1.0/me/photos/50x50/$value", await userToken(ADELE, "User.Read")),
      404,
      "ImageNotFound",
    );
  });

  it("serves another user's photo with User.ReadBasic.All", async () => {
    const res = await call(`/v1.0/users/${ADELE}/photo/$value`, await userToken(ALEX, "User.ReadBasic.All"));
    expect(res.status).toBe(200);
    expect(pngSide(Buffer.from(await res.arrayBuffer()))).toBe(648);
  });

  it("refuses another user's photo with only User.Read", async () => {
    await expectError(
      await call(`/v1.0/users/${ADELE}/photo/$value`, await userToken(ALEX, "User.Read")),
      403,
      "Authorization_RequestDenied",
    );
  });
});

describe("/users", () => {
  it("requires ConsistencyLevel: eventual for $search", async () => {
    const token = await userToken(ADELE, "User.ReadBasic.All");
    await expectError(await call('/v1.0/users?$search="displayName:adel"', token), 400, "Request_UnsupportedQuery");
    const res = await call('/v1.0/users?$search="displayName:adel"', token, {
      headers: { ConsistencyLevel: "eventual" },
    });
    expect(res.status).toBe(200);
    expect((await json(res)).value.map((u: any) => u.userPrincipalName)).toEqual([ADELE]);
  });

  it("searches by word prefix and combines terms with OR", async () => {
    const token = await userToken(ADELE, "User.ReadBasic.All");
    const res = await call(`/v1.0/users?$search=${encodeURIComponent('"displayName:vance" OR "mail:grady"')}`, token, {
      headers: { ConsistencyLevel: "eventual" },
    });
    expect((await json(res)).value.map((u: any) => u.userPrincipalName)).toEqual([ADELE, GRADY]);
  });

  it("finds exactly the 5 disabled users across pages of 2", async () => {
    const token = await userToken(ADELE, "User.Read.All"); // accountEnabled is beyond User.ReadBasic.All's basic profile
    const { items, links } = await collect(
      "/v1.0/users?$filter=accountEnabled eq false&$top=2&$select=userPrincipalName,accountEnabled",
      token,
    );
    expect(links).toHaveLength(2);
    for (const link of links) expect(link.startsWith(`${ctx.graphBaseUrl}/v1.0/users?`)).toBe(true);
    expect(items.map((u) => u.userPrincipalName).sort()).toEqual(DISABLED);
    expect(items.every((u) => u.accountEnabled === false)).toBe(true);
  });

  it("pages over all 70 users without duplicates, ordered by displayName", async () => {
    const token = await userToken(ADELE, "User.ReadBasic.All");
    const { items, links } = await collect("/v1.0/users?$top=25", token);
    expect(links).toHaveLength(2);
    expect(items).toHaveLength(70);
    expect(new Set(items.map((u) => u.id)).size).toBe(70);
    const names = items.map((u) => u.displayName);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, "en")));
  });

  it("returns at most 100 by default", async () => {
    const body = await json(await call("/v1.0/users", await userToken(ADELE, "User.Read.All")));
    expect(body.value).toHaveLength(70);
    expect(body["@odata.nextLink"]).toBeUndefined();
  });

  it("counts with $count=true under eventual consistency", async () => {
    const res = await call(
      "/v1.0/users?$count=true&$top=1&$filter=accountEnabled eq false",
      await userToken(ADELE, "User.ReadBasic.All"),
      { headers: { ConsistencyLevel: "eventual" } },
    );
    const body = await json(res);
    expect(body["@odata.count"]).toBe(5);
    expect(body.value).toHaveLength(1);
  });

  it("combines startswith and eq filters with and", async () => {
    const token = await userToken(ADELE, "User.ReadBasic.All");
    const res = await call(
      `/v1.0/users?$filter=${encodeURIComponent("startswith(displayName,'a') and department eq 'Engineering'")}`,
      token,
    );
    const body = await json(res);
    expect(body.value.map((u: any) => u.userPrincipalName)).toContain(ADELE);
    expect(body.value.every((u: any) => u.displayName.toLowerCase().startsWith("a"))).toBe(true);
    const byMail = await json(await call(`/v1.0/users?$filter=${encodeURIComponent(`mail eq '${GRADY}'`)}`, token));
    expect(byMail.value.map((u: any) => u.id)).toEqual(["a1b2c3d4-1111-4aaa-8bbb-000000000004"]);
    const byUpn = await json(
      await call(`/v1.0/users?$filter=${encodeURIComponent("startswith(userPrincipalName,'mir')")}`, token),
    );
    expect(byUpn.value.map((u: any) => u.displayName)).toEqual(["Miriam Graham"]);
  });

  it.each([
    ["an unsupported operator", "displayName ne 'x'"],
    ["an unknown property", "shoeSize eq '42'"],
    ["not, outside an advanced query", "not(accountEnabled eq true)"],
    ["a malformed clause", "displayName eq"],
  ])("rejects a $filter with %s", async (_name, filter) => {
    await expectError(
      await call(`/v1.0/users?$filter=${encodeURIComponent(filter)}`, await userToken(ADELE, "User.ReadBasic.All")),
      400,
      "Request_UnsupportedQuery",
    );
  });

  it.each(["0", "1000", "ten"])("rejects $top=%s", async (top) => {
    await expectError(
      await call(`/v1.0/users?$top=${top}`, await userToken(ADELE, "User.ReadBasic.All")),
      400,
      "Request_UnsupportedQuery",
    );
  });

  it("rejects a forged $skiptoken", async () => {
    await expectError(
      await call("/v1.0/users?$skiptoken=abc", await userToken(ADELE, "User.ReadBasic.All")),
      400,
      "Request_BadRequest",
    );
  });

  it("answers 403 with only User.Read", async () => {
    await expectError(
      await call("/v1.0/users", await userToken(ADELE, "openid profile User.Read")),
      403,
      "Authorization_RequestDenied",
      "Insufficient privileges to complete the operation.",
    );
  });

  it("lists users with an app-only token holding User.Read.All", async () => {
    const res = await call("/v1.0/users?$top=5", await appToken(["User.Read.All"]));
    expect(res.status).toBe(200);
    expect((await json(res)).value).toHaveLength(5);
  });

  it("answers 403 to an app-only token without a role", async () => {
    await expectError(await call("/v1.0/users", await appToken([])), 403, "Authorization_RequestDenied");
  });

  it("gets a user by id and by userPrincipalName", async () => {
    const token = await userToken(ADELE, "User.ReadBasic.All");
    const byId = await json(await call("/v1.0/users/a1b2c3d4-1111-4aaa-8bbb-000000000004", token));
    expect(byId.userPrincipalName).toBe(GRADY);
    const byUpn = await json(
      await call(
        `/v1.0/users/${encodeURIComponent(GRADY)}?$select=id,jobTitle`,
        await userToken(ADELE, "User.Read.All"),
      ),
    ); // jobTitle: beyond the basic profile
    expect(byUpn).toMatchObject({ id: "a1b2c3d4-1111-4aaa-8bbb-000000000004", jobTitle: "Program Manager" });
  });

  it("lets a User.Read caller read itself through /users/{id}", async () => {
    const res = await call("/v1.0/users/a1b2c3d4-1111-4aaa-8bbb-000000000001", await userToken(ADELE, "User.Read"));
    expect(res.status).toBe(200);
  });

  it("answers 404 for an unknown user", async () => {
    await expectError(
      await call("/v1.0/users/00000000-0000-0000-0000-000000000000", await userToken(ADELE, "User.ReadBasic.All")),
      404,
      "Request_ResourceNotFound",
      "Resource '00000000-0000-0000-0000-000000000000' does not exist or one of its queried reference-property objects are not present.",
    );
  });
});

describe("group membership", () => {
  it("pages grady's 231 groups from /me/memberOf", async () => {
    const { items, links } = await collect("/v1.0/me/memberOf?$top=100", await userToken(GRADY, "User.Read"));
    expect(links).toHaveLength(2);
    expect(items).toHaveLength(231);
    expect(new Set(items.map((g) => g.id)).size).toBe(231);
    expect(items[0]).toMatchObject({
      "@odata.type": "#microsoft.graph.group",
      displayName: "All Company",
      description: "Everyone",
      securityEnabled: true,
    });
  });

  it("returns getMemberGroups ids", async () => {
    const res = await call("/v1.0/me/getMemberGroups", await userToken(GRADY, "GroupMember.Read.All"), {
      method: "POST",
      body: { securityEnabledOnly: true },
    });
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body["@odata.context"]).toBe(`${ctx.graphBaseUrl}/v1.0/$metadata#Collection(Edm.String)`);
    expect(body.value).toHaveLength(231);
    expect(body.value).toContain("2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d01");
  });

  it("rejects getMemberGroups without securityEnabledOnly", async () => {
    await expectError(
      await call("/v1.0/me/getMemberGroups", await userToken(GRADY, "GroupMember.Read.All"), {
        method: "POST",
        body: {},
      }),
      400,
      "Request_BadRequest",
    );
  });

  it("refuses getMemberGroups with only User.Read", async () => {
    await expectError(
      await call("/v1.0/me/getMemberGroups", await userToken(GRADY, "User.Read"), {
        method: "POST",
        body: { securityEnabledOnly: false },
      }),
      403,
      "Authorization_RequestDenied",
    );
  });

  it("answers the overage getMemberObjects call", async () => {
    const res = await call(
      "/v1.0/users/a1b2c3d4-1111-4aaa-8bbb-000000000004/getMemberObjects",
      await userToken(GRADY, "GroupMember.Read.All"),
      { method: "POST", body: { securityEnabledOnly: false } },
    );
    expect(res.status).toBe(200);
    expect((await json(res)).value).toHaveLength(231);
  });

  it("answers 405 to GET on an action", async () => {
    await expectError(
      await call("/v1.0/me/getMemberGroups", await userToken(GRADY, "GroupMember.Read.All")),
      405,
      "Request_BadRequest",
    );
  });
});

describe("userinfo", () => {
  it("returns the OIDC profile claims", async () => {
    const res = await call("/oidc/userinfo", await userToken(ADELE, "openid profile email User.Read"));
    expect(res.status).toBe(200);
    const body = await json(res);
    expect(body).toMatchObject({
      name: "Adele Vance",
      given_name: "Adele",
      family_name: "Vance",
      email: ADELE,
      picture: `${ctx.graphBaseUrl}/v1.0/me/photo/$value`,
    });
    expect(typeof body.sub).toBe("string");
  });

  it("answers 403 without openid", async () => {
    await expectError(
      await call("/oidc/userinfo", await userToken(ADELE, "User.Read")),
      403,
      "Authorization_RequestDenied",
    );
  });
});

describe("faults and headers", () => {
  it("answers an injected 429 with Retry-After, then recovers", async () => {
    const token = await userToken(ADELE, "User.Read");
    ctx.faults.add({ target: "graph", status: 429, retryAfterSeconds: 7, match: "/v1.0/me" });
    const res = await call("/v1.0/me", token);
    expect(res.headers.get("retry-after")).toBe("7");
    await expectError(res, 429, "TooManyRequests");
    expect((await call("/v1.0/me", token)).status).toBe(200);
  });

  it("answers an injected 503", async () => {
    ctx.faults.add({ target: "graph", status: 503 });
    await expectError(
      await call("/v1.0/users", await userToken(ADELE, "User.ReadBasic.All")),
      503,
      "ServiceUnavailable",
    );
  });

  it("echoes client-request-id and sets request-id", async () => {
    const res = await call("/v1.0/me", await userToken(ADELE, "User.Read"), {
      headers: { "client-request-id": "abc-123" },
    });
    expect(res.headers.get("client-request-id")).toBe("abc-123");
    expect(res.headers.get("request-id")).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers CORS preflight without a token", async () => {
    const res = await fetch(`${emulator.url}/graph/v1.0/me`, {
      method: "OPTIONS",
      headers: {
        Origin: "https://localhost:3000",
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization,consistencylevel",
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("access-control-allow-headers")).toBe("authorization,consistencylevel");
  });

  it("answers 400 for an unknown segment", async () => {
    await expectError(
      await call("/v1.0/me/drive", await userToken(ADELE, "User.Read")),
      400,
      "BadRequest",
      "Resource not found for the segment 'drive'.",
    );
  });
});
