import { describe, expect, it } from "vitest";
import { groupsAndPercent, pageFlag } from "../../harness/flags";
import { describeRollout } from "./describe";

const plain = { spaPages: [] as string[], overrideCookie: false };

describe("a page's rollout in words", () => {
  it("says a page without a flag is in server mode for everyone", () => {
    expect(describeRollout("profile", undefined, plain)).toEqual({
      state: "none",
      rules: ["No flag: everyone gets server mode."],
      override: undefined,
    });
  });
  it("lists the group, the percentile and the default of a rollout", () => {
    expect(describeRollout("groups", groupsAndPercent("groups", ["g-1"], 10), plain).rules).toEqual([
      "Members of group g-1: SPA mode.",
      "0–10 % of the others: SPA mode.",
      "Percentiles are sticky per user (seed rollout-2026).",
      "Everyone else: server mode.",
    ]);
  });
  it("says a disabled flag gives everyone its default_when_disabled", () => {
    expect(describeRollout("profile", pageFlag("profile", {}, { enabled: false }), plain)).toMatchObject({
      state: "off",
      rules: ["Off: everyone gets server mode."],
    });
  });
  it("names the override in force", () => {
    expect(describeRollout("profile", pageFlag("profile"), { spaPages: "*", overrideCookie: true }).override).toMatch(
      /^SPA_PAGES/,
    );
    expect(describeRollout("profile", pageFlag("profile"), { spaPages: [], overrideCookie: true }).override).toMatch(
      /cookie/,
    );
  });
});
