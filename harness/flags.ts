// Page-mode flag files for tests (vitest and Playwright): the feature_management schema, as a team
// would write it, for one or more pages.
import type { FlagJson } from "../lib/rollout/schema.ts";

type Allocation = NonNullable<FlagJson["allocation"]>;

/** A page's mode flag: variants server and spa, server by default, with `allocation` merged in. */
export function pageFlag(page: string, allocation: Partial<Allocation> = {}, extra: Partial<FlagJson> = {}): FlagJson {
  return {
    id: `page-mode.${page}`,
    enabled: true,
    variants: [{ name: "server" }, { name: "spa" }],
    allocation: {
      default_when_enabled: "server",
      default_when_disabled: "server",
      seed: `page-mode.${page}`,
      ...allocation,
    },
    ...extra,
  };
}

/** SPA for `groups`, then for the percentile range [0, percent) of everyone else. */
export function groupsAndPercent(page: string, groups: string[], percent: number, seed = "rollout-2026"): FlagJson {
  return pageFlag(page, {
    seed,
    group: [{ variant: "spa", groups }],
    percentile: [{ variant: "spa", from: 0, to: percent }],
  });
}

export function flagDocument(...flags: FlagJson[]): string {
  return JSON.stringify({ feature_management: { feature_flags: flags } }, null, 2);
}
