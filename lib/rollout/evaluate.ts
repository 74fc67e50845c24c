// Each page's flag evaluated for one user by @microsoft/feature-management: user allocation, then group,
// then percentile (hashed from the user id and the flag's seed, so a user keeps a mode as long as the
// ranges keep them: 0–10 → 0–20 adds users, it moves none), then the flag's default.
// A cold evaluation hashes with WebCrypto (tens of µs per flag), so answers are kept per user and per
// version of the definitions: the requests that follow cost a map lookup.
import { FeatureManager, type IFeatureFlagProvider } from "@microsoft/feature-management";
import type { FlagDefinitions } from "./flag-file";
import { PAGES, type PageMode, type PageName } from "./pages";
import { FLAG_PREFIX, flagIdOf } from "./schema";

/** Who is asking: the session's user, their group ids, and a tag that changes when those groups do. */
export interface TargetingInput {
  oid: string;
  upn: string;
  groups: string[];
  groupsTag: string;
}

export type FlagModes = Record<PageName, PageMode>;

// Time-window filters make an answer depend on the clock: with one in the file, answers are re-evaluated
// after this; otherwise an answer holds until the definitions or the user's groups change.
const CLOCK_BOUND_TTL_MS = 30_000;

export class PageModeEvaluator {
  private readonly manager: FeatureManager;
  private readonly answers = new Map<string, { modes: FlagModes; expiresAt: number }>();
  private answersGeneration = -1;
  private answerTtlMs = Infinity;

  constructor(
    private readonly definitions: () => FlagDefinitions,
    private readonly maxAnswers = 50_000,
  ) {
    const provider: IFeatureFlagProvider = {
      getFeatureFlag: async (id: string) =>
        (id.startsWith(FLAG_PREFIX)
          ? this.definitions().flags.get(id.slice(FLAG_PREFIX.length) as PageName)
          : undefined) as never,
      getFeatureFlags: async () => [...this.definitions().flags.values()] as never,
    };
    this.manager = new FeatureManager(provider);
  }

  /** Every page's mode by its flag alone (no overrides); `who` undefined for a signed-out visitor. */
  async flagModes(who: TargetingInput | undefined, now = Date.now()): Promise<FlagModes> {
    const defs = this.definitions();
    if (defs.generation !== this.answersGeneration) {
      this.answers.clear();
      this.answersGeneration = defs.generation;
      const clockBound = [...defs.flags.values()].some((f) =>
        f.conditions?.client_filters?.some((c) => c.name === "Microsoft.TimeWindow"),
      );
      this.answerTtlMs = clockBound ? CLOCK_BOUND_TTL_MS : Infinity;
    }
    const key = who ? `${who.oid}\n${who.upn}\n${who.groupsTag}` : "";
    const cached = this.answers.get(key);
    if (cached && cached.expiresAt > now) return cached.modes;
    const modes = await this.evaluate(defs, who);
    if (this.answers.size >= this.maxAnswers) this.answers.delete(this.answers.keys().next().value as string);
    this.answers.set(key, { modes, expiresAt: now + this.answerTtlMs });
    return modes;
  }

  private async evaluate(defs: FlagDefinitions, who: TargetingInput | undefined): Promise<FlagModes> {
    const modes = {} as FlagModes;
    for (const page of PAGES) {
      if (!defs.flags.has(page)) {
        modes[page] = "server";
        continue;
      }
      const context = who ? { userId: userIdFor(who, defs.listed.get(page)), groups: who.groups } : undefined;
      // The file passed a trial evaluation when it loaded; should a flag still fail, the page stays on the
      // server rather than failing the request.
      const variant = await this.manager.getVariant(flagIdOf(page), context).catch(() => undefined);
      modes[page] = variant?.name === "spa" ? "spa" : "server";
    }
    return modes;
  }
}

/**
 * The id the library sees. Percentiles hash the object id (stable for life; a UPN can be renamed), but a
 * flag may list a user by UPN, which the library can only match if it is handed the UPN.
 */
function userIdFor(who: TargetingInput, listed: Set<string> | undefined): string {
  const oid = who.oid.toLowerCase();
  const upn = who.upn.toLowerCase();
  return listed && !listed.has(oid) && upn && listed.has(upn) ? upn : oid;
}
