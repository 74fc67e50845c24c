import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { flagDocument, pageFlag } from "../../harness/flags";
import { PAGES } from "./pages";
import { parseFlagDocument } from "./schema";

async function refusal(text: string): Promise<string> {
  const result = await parseFlagDocument(text);
  if (result.ok) throw new Error("expected the file to be refused");
  return result.error;
}

describe("page-mode flags file", () => {
  it("accepts the sample in the repository, which has a flag for every page", async () => {
    const result = await parseFlagDocument(readFileSync("feature-flags.example.json", "utf8"));
    expect(result.ok && [...result.flags.keys()]).toEqual([...PAGES]);
  });

  it("reads page flags in the feature_management schema and leaves other features alone", async () => {
    const other = { id: "Beta", enabled: true };
    const result = await parseFlagDocument(flagDocument(pageFlag("profile"), other as never));
    expect(result.ok && [...result.flags.keys()]).toEqual(["profile"]);
  });

  it("lower-cases user and group ids, as Entra compares them", async () => {
    const result = await parseFlagDocument(
      flagDocument(
        pageFlag("groups", {
          user: [{ variant: "spa", users: ["Adele@Contoso.onmicrosoft.com"] }],
          group: [{ variant: "spa", groups: ["2B3C4D5E-6F7A-4B8C-9D0E-1F2A3B4C5D02"] }],
        }),
      ),
    );
    expect(result.ok).toBe(true);
    const flag = result.ok ? result.flags.get("groups") : undefined;
    expect(flag?.allocation?.user?.[0]?.users).toEqual(["adele@contoso.onmicrosoft.com"]);
    expect(flag?.allocation?.group?.[0]?.groups).toEqual(["2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d02"]);
  });

  it("refuses text that is not JSON", async () => {
    expect(await refusal("{ feature_management: ")).toMatch(/^not valid JSON/);
  });

  it("refuses a document without feature_management.feature_flags", async () => {
    expect(await refusal(JSON.stringify({ FeatureManagement: {} }))).toMatch(/feature_management.*feature_flags/);
  });

  it("refuses what the library's own validator refuses", async () => {
    expect(await refusal(flagDocument(pageFlag("profile", {}, { enabled: "yes" as never })))).toMatch(
      /page-mode.profile.*'enabled' must be a boolean/,
    );
  });

  it("refuses a flag for a page that does not exist", async () => {
    expect(await refusal(flagDocument(pageFlag("profil")))).toBe(
      "flag page-mode.profil: no page is called 'profil' (pages: profile, directory, groups, tasks)",
    );
  });

  it("refuses a page flag defined twice", async () => {
    expect(await refusal(flagDocument(pageFlag("profile"), pageFlag("profile")))).toBe(
      "flag page-mode.profile: it is defined twice",
    );
  });

  it("refuses variants other than the two modes", async () => {
    expect(
      await refusal(flagDocument(pageFlag("profile", {}, { variants: [{ name: "server" }, { name: "client" }] }))),
    ).toMatch(/variant 'client' is not a mode/);
  });

  it("refuses an allocation naming a variant the flag does not declare", async () => {
    expect(
      await refusal(
        flagDocument(
          pageFlag(
            "profile",
            { percentile: [{ variant: "spa", from: 0, to: 10 }] },
            { variants: [{ name: "server" }] },
          ),
        ),
      ),
    ).toBe("flag page-mode.profile: the allocation names variant 'spa', which the flag does not declare");
  });

  it("refuses a percentile range that runs backwards", async () => {
    expect(
      await refusal(flagDocument(pageFlag("profile", { percentile: [{ variant: "spa", from: 50, to: 10 }] }))),
    ).toBe("flag page-mode.profile: percentile range 50–10 runs backwards");
  });

  it("refuses a client filter the app does not have", async () => {
    const conditions = { client_filters: [{ name: "Contoso.Custom" }] };
    expect(await refusal(flagDocument(pageFlag("profile", {}, { conditions })))).toMatch(
      /client filter 'Contoso.Custom'/,
    );
  });

  it("refuses what the library would only fail on at evaluation (a targeting filter without its audience)", async () => {
    const conditions = { client_filters: [{ name: "Microsoft.Targeting", parameters: {} }] };
    expect(await refusal(flagDocument(pageFlag("profile", {}, { conditions })))).toMatch(
      /^flag page-mode\.profile: it cannot be evaluated \(.*DefaultRolloutPercentage/,
    );
  });
});
