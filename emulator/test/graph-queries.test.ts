// Graph's advanced queries on directory objects, driven by Microsoft's own Graph SDK
// (@microsoft/microsoft-graph-client): $count, /users/$count, $orderby, endsWith, ne, not, in, /groups
// with $filter and $search, /me/transitiveMemberOf with the OData cast, and Graph's error bodies.
import { Client, GraphError } from "@microsoft/microsoft-graph-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../server.ts";
import { delegatedClaims, mintGraphTokenForTest } from "./graph-token.ts";
import { startTestEmulator } from "./harness.ts";

let emu: RunningEmulator;
let graph: Client;
const ADELE = "adele@contoso.onmicrosoft.com";
const DISABLED = ["isaiah", "joni", "lee", "lynne", "pradeep"].map((a) => `${a}@contoso.onmicrosoft.com`);
const ADVANCED =
  "Try adding $count=true query parameter and ConsistencyLevel:eventual header. Refer to https://aka.ms/graph-docs/advanced-queries for more information";

beforeAll(async () => {
  emu = await startTestEmulator();
  const token = await mintGraphTokenForTest(
    emu.ctx,
    delegatedClaims(emu.ctx, ADELE, "User.Read User.ReadBasic.All GroupMember.Read.All"),
  );
  graph = Client.init({
    authProvider: (done) => done(null, token),
    baseUrl: emu.ctx.graphBaseUrl,
    customHosts: new Set([new URL(emu.url).hostname]),
  });
});
afterAll(() => emu.close());

const eventual = (path: string) => graph.api(path).header("ConsistencyLevel", "eventual");
const upns = (body: { value: Array<{ userPrincipalName: string }> }) => body.value.map((u) => u.userPrincipalName);

async function graphError(p: Promise<unknown>): Promise<GraphError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GraphError);
  return err as GraphError;
}

/** Graph's documented error body: error.code, error.message, innerError {date, request-id, client-request-id}. */
async function expectGraphError(p: Promise<unknown>, status: number, code: string, message: string) {
  const err = await graphError(p);
  expect({ status: err.statusCode, code: err.code, message: err.message }).toEqual({ status, code, message });
  expect(err.requestId).toMatch(/^[0-9a-f-]{36}$/);
  expect(err.date).toBeInstanceOf(Date);
  const error = JSON.parse(String(err.body)) as { code: string; message: string; innerError: Record<string, string> };
  expect(Object.keys(error)).toEqual(["code", "message", "innerError"]);
  expect(Object.keys(error.innerError)).toEqual(["date", "request-id", "client-request-id"]);
}

describe("counting users", () => {
  it("$count=true with ConsistencyLevel: eventual adds @odata.count; without the header it is ignored", async () => {
    const counted = await eventual("/users").filter("accountEnabled eq false").count(true).top(2).get();
    expect(counted["@odata.count"]).toBe(5);
    expect(counted.value).toHaveLength(2);
    const ignored = await graph.api("/users").filter("accountEnabled eq false").count(true).get();
    expect(ignored["@odata.count"]).toBeUndefined();
  });

  it("/users/$count answers the number as text; without the header Graph's 400", async () => {
    expect(Number(await eventual("/users/$count").filter("accountEnabled eq false").get())).toBe(5);
    await expectGraphError(
      graph.api("/users/$count").get(),
      400,
      "Request_BadRequest",
      "$count is not currently supported.",
    );
  });
});

describe("$orderby", () => {
  it("sorts by displayName and userPrincipalName, ascending or descending", async () => {
    const desc = await graph.api("/users").orderby("displayName desc").top(999).select("displayName").get();
    const names = desc.value.map((u: { displayName: string }) => u.displayName);
    expect(names).toEqual([...names].sort((a, b) => b.localeCompare(a, "en", { sensitivity: "base" })));
    const byUpn = await graph
      .api("/users")
      .orderby("userPrincipalName")
      .filter("accountEnabled eq false")
      .header("ConsistencyLevel", "eventual")
      .count(true)
      .get();
    expect(upns(byUpn)).toEqual(DISABLED);
  });

  it("with $filter only in an advanced query; an unsupported property is refused", async () => {
    await expectGraphError(
      graph.api("/users").orderby("displayName").filter("accountEnabled eq false").get(),
      400,
      "Request_UnsupportedQuery",
      "Sorting not supported for current query.",
    );
    await expectGraphError(
      graph.api("/users").orderby("jobTitle").get(),
      400,
      "Request_UnsupportedQuery",
      "Unsupported sort property 'jobTitle' for 'User'.",
    );
  });
});

describe("advanced $filter operators", () => {
  it("endsWith(mail, …) needs $count=true and ConsistencyLevel: eventual", async () => {
    const filter = "endsWith(mail,'@contoso.onmicrosoft.com') and startsWith(displayName,'Adele')";
    expect(upns(await eventual("/users").filter(filter).count(true).get())).toEqual([ADELE]);
    await expectGraphError(
      graph.api("/users").filter(filter).get(),
      400,
      "Request_UnsupportedQuery",
      `Operator 'endsWith' is not supported because the required parameters might be missing. ${ADVANCED}`,
    );
    await expectGraphError(
      eventual("/users").filter(filter).get(),
      400,
      "Request_UnsupportedQuery",
      `Operator 'endsWith' is not supported because the required parameters might be missing. ${ADVANCED}`,
    );
  });

  it("ne and not, in advanced queries only", async () => {
    const ne = await eventual("/users").filter("accountEnabled ne true").count(true).get();
    expect(upns(ne).sort()).toEqual(DISABLED);
    const not = await eventual("/users")
      .filter("not(accountEnabled eq true) and not startsWith(displayName,'L')")
      .count(true)
      .get();
    expect(upns(not).sort()).toEqual(DISABLED.filter((u) => !u.startsWith("l")));
    await expectGraphError(
      graph.api("/users").filter("accountEnabled ne true").get(),
      400,
      "Request_UnsupportedQuery",
      `Operator 'ne' is not supported because the required parameters might be missing. ${ADVANCED}`,
    );
    await expectGraphError(
      graph.api("/users").filter("not(accountEnabled eq true)").get(),
      400,
      "Request_UnsupportedQuery",
      `Operator 'not' is not supported because the required parameters might be missing. ${ADVANCED}`,
    );
  });

  it("in and or, by default and in advanced queries", async () => {
    const filter =
      "mail in ('adele@contoso.onmicrosoft.com','lee@contoso.onmicrosoft.com') or userPrincipalName eq 'joni@contoso.onmicrosoft.com'";
    expect(upns(await graph.api("/users").filter(filter).get()).sort()).toEqual([
      ADELE,
      "joni@contoso.onmicrosoft.com",
      "lee@contoso.onmicrosoft.com",
    ]);
    expect((await eventual("/users").filter(filter).count(true).get())["@odata.count"]).toBe(3);
  });
});

describe("/groups", () => {
  it("$filter and $search, $orderby and $count", async () => {
    const byName = await graph.api("/groups").filter("startsWith(displayName,'Eng') or displayName eq 'Sales'").get();
    expect(byName.value.map((g: { displayName: string }) => g.displayName)).toEqual(["Engineering", "Sales"]);
    const searched = await eventual("/groups").search('"displayName:project"').count(true).top(5).get();
    expect(searched["@odata.count"]).toBe(230);
    expect(searched.value).toHaveLength(5);
    expect(Number(await eventual("/groups/$count").get())).toBe(emu.ctx.config.groups.length);
    await expectGraphError(
      graph.api("/groups").search('"displayName:project"').get(),
      400,
      "Request_UnsupportedQuery",
      "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'",
    );
  });
});

describe("/me/transitiveMemberOf", () => {
  it("lists the user's groups; the OData cast keeps groups, with $count in an advanced query", async () => {
    const all = await graph.api("/me/transitiveMemberOf").get();
    expect(all.value.map((g: { displayName: string }) => g.displayName).sort()).toEqual(["All Company", "Engineering"]);
    const cast = await eventual("/me/transitiveMemberOf/microsoft.graph.group")
      .count(true)
      .filter("startsWith(displayName,'Eng')")
      .get();
    expect(cast["@odata.context"]).toBe(`${emu.ctx.graphBaseUrl}/v1.0/$metadata#groups`);
    expect(cast["@odata.count"]).toBe(1);
    expect(cast.value[0]).toMatchObject({ "@odata.type": "#microsoft.graph.group", displayName: "Engineering" });
  });

  it("$filter without the advanced query parameters is Graph's reference-property error", async () => {
    await expectGraphError(
      graph.api("/me/transitiveMemberOf/microsoft.graph.group").filter("startsWith(displayName,'Eng')").get(),
      400,
      "Request_UnsupportedQuery",
      "The specified filter to the reference property query is currently not supported.",
    );
  });
});
