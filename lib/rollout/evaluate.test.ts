import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { flagDocument, groupsAndPercent, pageFlag } from "../../harness/flags";
import { PageModeEvaluator, type TargetingInput } from "./evaluate";
import type { FlagDefinitions } from "./flag-file";
import { listedUsers, parseFlagDocument, type FlagJson } from "./schema";

// The real @microsoft/feature-management evaluates; these pin down what a page-mode rollout relies on.
let generation = 0;
async function definitions(...flags: FlagJson[]): Promise<FlagDefinitions> {
  const parsed = await parseFlagDocument(flagDocument(...flags));
  if (!parsed.ok) throw new Error(parsed.error);
  const listed = new Map([...parsed.flags].map(([p, f]) => [p, listedUsers(f)] as const));
  return { generation: ++generation, flags: parsed.flags, document: parsed.document, listed, loadedAt: Date.now() };
}

const ENGINEERING = "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d02";
const user = (groups: string[] = [], upn = "someone@contoso.onmicrosoft.com", oid = randomUUID()): TargetingInput => ({
  oid,
  upn,
  groups,
  groupsTag: groups.join(","),
});

async function evaluatorFor(...flags: FlagJson[]) {
  let defs = await definitions(...flags);
  const evaluator = new PageModeEvaluator(() => defs);
  return { evaluator, replace: async (...next: FlagJson[]) => void (defs = await definitions(...next)) };
}

async function spaShare(evaluator: PageModeEvaluator, users: TargetingInput[]): Promise<Set<string>> {
  const spa = new Set<string>();
  for (const u of users) if ((await evaluator.flagModes(u)).profile === "spa") spa.add(u.oid);
  return spa;
}

describe("page-mode flag evaluation", () => {
  it("puts a page without a flag in server mode", async () => {
    const { evaluator } = await evaluatorFor(pageFlag("groups", { default_when_enabled: "spa" }));
    expect(await evaluator.flagModes(user())).toEqual({
      profile: "server",
      directory: "server",
      groups: "spa",
      tasks: "server",
    });
  });

  it("targets users by object id or by UPN, whatever the case", async () => {
    const oid = randomUUID();
    const { evaluator } = await evaluatorFor(
      pageFlag("profile", { user: [{ variant: "spa", users: [oid.toUpperCase(), "Megan@contoso.onmicrosoft.com"] }] }),
    );
    expect((await evaluator.flagModes(user([], "x@contoso.onmicrosoft.com", oid))).profile).toBe("spa");
    expect((await evaluator.flagModes(user([], "megan@CONTOSO.onmicrosoft.com"))).profile).toBe("spa");
    expect((await evaluator.flagModes(user([], "alex@contoso.onmicrosoft.com"))).profile).toBe("server");
  });

  it("targets by Entra group id, also among the 231 groups of an overage user", async () => {
    const { evaluator } = await evaluatorFor(groupsAndPercent("profile", [ENGINEERING.toUpperCase()], 0));
    const many = Array.from({ length: 230 }, () => randomUUID());
    expect((await evaluator.flagModes(user([...many, ENGINEERING]))).profile).toBe("spa");
    expect((await evaluator.flagModes(user(many))).profile).toBe("server");
  });

  it("gives 50 % of users SPA mode, each always the same", async () => {
    const { evaluator } = await evaluatorFor(groupsAndPercent("profile", [], 50));
    const users = Array.from({ length: 2000 }, () => user());
    const spa = await spaShare(evaluator, users);
    expect(spa.size / users.length).toBeGreaterThan(0.45);
    expect(spa.size / users.length).toBeLessThan(0.55);
    // Sticky: a fresh evaluator (another instance, a restart) places every user the same way.
    const again = await spaShare((await evaluatorFor(groupsAndPercent("profile", [], 50))).evaluator, users);
    expect([...again].sort()).toEqual([...spa].sort());
  });

  it("keeps the first 10 % in SPA mode when the rollout widens to 20 %, and moves them all back at 0 %", async () => {
    const { evaluator, replace } = await evaluatorFor(groupsAndPercent("profile", [], 10));
    const users = Array.from({ length: 2000 }, () => user());
    const ten = await spaShare(evaluator, users);
    await replace(groupsAndPercent("profile", [], 20));
    const twenty = await spaShare(evaluator, users);
    for (const oid of ten) expect(twenty.has(oid)).toBe(true);
    expect(twenty.size).toBeGreaterThan(ten.size * 1.5);
    await replace(groupsAndPercent("profile", [], 0));
    expect((await spaShare(evaluator, users)).size).toBe(0);
  });

  it("changes the percentile buckets with the seed", async () => {
    const users = Array.from({ length: 400 }, () => user());
    const a = await spaShare((await evaluatorFor(groupsAndPercent("profile", [], 50, "seed-a"))).evaluator, users);
    const b = await spaShare((await evaluatorFor(groupsAndPercent("profile", [], 50, "seed-b"))).evaluator, users);
    expect([...a].sort()).not.toEqual([...b].sort());
  });

  it("gives a signed-out visitor the flag's default", async () => {
    const spaByDefault = await evaluatorFor(
      pageFlag("profile", { default_when_enabled: "spa", percentile: [{ variant: "server", from: 0, to: 100 }] }),
    );
    expect((await spaByDefault.evaluator.flagModes(undefined)).profile).toBe("spa");
    const serverByDefault = await evaluatorFor(groupsAndPercent("profile", [ENGINEERING], 100));
    expect((await serverByDefault.evaluator.flagModes(undefined)).profile).toBe("server");
  });

  it("uses default_when_disabled for a disabled flag (the instant rollback)", async () => {
    const { evaluator } = await evaluatorFor(
      pageFlag(
        "profile",
        { default_when_disabled: "server", percentile: [{ variant: "spa", from: 0, to: 100 }] },
        { enabled: false },
      ),
    );
    expect((await evaluator.flagModes(user([ENGINEERING]))).profile).toBe("server");
  });

  it("answers from its memo until the definitions or the user's groups change", async () => {
    const { evaluator, replace } = await evaluatorFor(groupsAndPercent("profile", [ENGINEERING], 0));
    const u = user();
    expect((await evaluator.flagModes(u)).profile).toBe("server");
    expect((await evaluator.flagModes({ ...u, groups: [ENGINEERING], groupsTag: "joined" })).profile).toBe("spa");
    await replace(groupsAndPercent("profile", [], 100));
    expect((await evaluator.flagModes(u)).profile).toBe("spa");
  });

  it("re-evaluates after 30 s when a time window decides, since the clock changes the answer", async () => {
    const end = new Date(Date.now() + 1500).toUTCString();
    const window = { client_filters: [{ name: "Microsoft.TimeWindow", parameters: { End: end } }] };
    const { evaluator } = await evaluatorFor(
      pageFlag("profile", { default_when_enabled: "spa", default_when_disabled: "server" }, { conditions: window }),
    );
    const u = user();
    expect((await evaluator.flagModes(u)).profile).toBe("spa");
    await new Promise((r) => setTimeout(r, 2000)); // the window has closed
    expect((await evaluator.flagModes(u)).profile).toBe("spa"); // the memo still answers within 30 s
    expect((await evaluator.flagModes(u, Date.now() + 31_000)).profile).toBe("server");
  });
});
