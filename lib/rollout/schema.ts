// The page-mode flags file: the standard `feature_management` schema (Microsoft.FeatureManagement, Azure
// App Configuration), checked first by the library's own validator, then for what a page-mode flag needs
// (its page exists, its variants are `server`/`spa`, every allocation names a declared variant). A file
// that fails any check is refused as a whole, with one message naming the flag and the problem.
import { ConfigurationObjectFeatureFlagProvider, FeatureManager } from "@microsoft/feature-management";
import { PAGES, type PageName } from "./pages";

/** A page's flag id: `page-mode.profile`. */
export const FLAG_PREFIX = "page-mode.";
export const flagIdOf = (page: PageName) => `${FLAG_PREFIX}${page}`;

const MODES = ["server", "spa"];
const FILTERS = ["Microsoft.Targeting", "Microsoft.TimeWindow"];

/** What the app reads of a flag: the library's schema (loosely typed here; the library validates it). */
export interface FlagJson {
  id: string;
  enabled?: boolean;
  description?: string;
  conditions?: { requirement_type?: string; client_filters?: { name: string; parameters?: Record<string, unknown> }[] };
  variants?: { name: string }[];
  allocation?: {
    default_when_disabled?: string;
    default_when_enabled?: string;
    user?: { variant: string; users: string[] }[];
    group?: { variant: string; groups: string[] }[];
    percentile?: { variant: string; from: number; to: number }[];
    seed?: string;
  };
}

export interface FlagDocument {
  feature_management: { feature_flags: FlagJson[] };
}

export type ParseResult =
  { ok: true; document: FlagDocument; flags: Map<PageName, FlagJson> } | { ok: false; error: string };

/** Parses and validates the file's text; user and group ids come back lower-cased (Entra compares them so). */
export async function parseFlagDocument(text: string): Promise<ParseResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, error: `not valid JSON (${(err as Error).message})` };
  }
  const list = (json as { feature_management?: { feature_flags?: unknown } } | null)?.feature_management?.feature_flags;
  if (!Array.isArray(list))
    return { ok: false, error: 'it must hold { "feature_management": { "feature_flags": [ ... ] } }' };
  const document = { feature_management: { feature_flags: list as FlagJson[] } };
  try {
    await new ConfigurationObjectFeatureFlagProvider(document).getFeatureFlags();
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
  const flags = new Map<PageName, FlagJson>();
  for (const flag of document.feature_management.feature_flags) {
    if (!flag.id.startsWith(FLAG_PREFIX)) continue; // other features may share the file
    const page = flag.id.slice(FLAG_PREFIX.length);
    const problem = !isPage(page)
      ? `no page is called '${page}' (pages: ${PAGES.join(", ")})`
      : flags.has(page)
        ? "it is defined twice"
        : checkPageFlag(flag);
    if (problem) return { ok: false, error: `flag ${flag.id}: ${problem}` };
    flags.set(page as PageName, normalize(flag));
  }
  const failure = await trialEvaluation([...flags.values()]);
  if (failure) return { ok: false, error: failure };
  return { ok: true, document, flags };
}

/**
 * Each page flag evaluated once for a signed-out visitor and once for a user with groups: what the
 * library only checks when it evaluates (a targeting filter without an Audience, a bad time window)
 * is refused here, not on a user's request.
 */
async function trialEvaluation(flags: FlagJson[]): Promise<string | undefined> {
  const manager = new FeatureManager(
    new ConfigurationObjectFeatureFlagProvider({ feature_management: { feature_flags: flags } }),
  );
  for (const flag of flags) {
    try {
      await manager.getVariant(flag.id);
      await manager.getVariant(flag.id, {
        userId: "00000000-0000-0000-0000-000000000000",
        groups: ["00000000-0000-0000-0000-000000000000"],
      });
    } catch (err) {
      return `flag ${flag.id}: it cannot be evaluated (${(err as Error).message})`;
    }
  }
  return undefined;
}

const isPage = (name: string): name is PageName => (PAGES as readonly string[]).includes(name);

function checkPageFlag(flag: FlagJson): string | undefined {
  const variants = (flag.variants ?? []).map((v) => v.name);
  const unknownVariant = variants.find((v) => !MODES.includes(v));
  if (unknownVariant !== undefined) return `variant '${unknownVariant}' is not a mode (use 'server' and 'spa')`;
  if (variants.length === 0 && flag.allocation)
    return 'it allocates variants but declares none (add { "name": "server" } and { "name": "spa" })';
  const a = flag.allocation ?? {};
  const referenced = [
    a.default_when_disabled,
    a.default_when_enabled,
    ...(a.user ?? []).map((u) => u.variant),
    ...(a.group ?? []).map((g) => g.variant),
    ...(a.percentile ?? []).map((p) => p.variant),
  ];
  const undeclared = referenced.find((v) => v !== undefined && !variants.includes(v));
  if (undeclared !== undefined) return `the allocation names variant '${undeclared}', which the flag does not declare`;
  const range = (a.percentile ?? []).find((p) => p.from > p.to);
  if (range) return `percentile range ${range.from}–${range.to} runs backwards`;
  const filter = (flag.conditions?.client_filters ?? []).find((f) => !FILTERS.includes(f.name));
  if (filter) return `client filter '${filter.name}' is not one this app has (${FILTERS.join(", ")})`;
  return undefined;
}

const lower = (ids: unknown) =>
  Array.isArray(ids) ? ids.map((id) => (typeof id === "string" ? id.toLowerCase() : id)) : ids;

function normalize(flag: FlagJson): FlagJson {
  const a = flag.allocation;
  const out: FlagJson = { ...flag };
  if (a) {
    out.allocation = {
      ...a,
      user: a.user?.map((u) => ({ ...u, users: lower(u.users) as string[] })),
      group: a.group?.map((g) => ({ ...g, groups: lower(g.groups) as string[] })),
    };
  }
  if (flag.conditions?.client_filters) {
    out.conditions = { ...flag.conditions, client_filters: flag.conditions.client_filters.map(normalizeFilter) };
  }
  return out;
}

type Audience = { Users?: unknown; Groups?: { Name?: unknown }[]; Exclusion?: { Users?: unknown; Groups?: unknown } };

function normalizeFilter(filter: { name: string; parameters?: Record<string, unknown> }) {
  const audience = filter.parameters?.Audience as Audience | undefined;
  if (filter.name !== "Microsoft.Targeting" || !audience) return filter;
  const groups = Array.isArray(audience.Groups)
    ? audience.Groups.map((g) => ({ ...g, Name: typeof g.Name === "string" ? g.Name.toLowerCase() : g.Name }))
    : audience.Groups;
  const exclusion = audience.Exclusion
    ? { ...audience.Exclusion, Users: lower(audience.Exclusion.Users), Groups: lower(audience.Exclusion.Groups) }
    : undefined;
  return {
    ...filter,
    parameters: {
      ...filter.parameters,
      Audience: {
        ...audience,
        Users: lower(audience.Users),
        Groups: groups,
        ...(exclusion ? { Exclusion: exclusion } : {}),
      },
    },
  };
}

/** Every user id (object id or UPN, lower-cased) a flag lists by name: who is placed by listing, not by percentile. */
export function listedUsers(flag: FlagJson): Set<string> {
  const ids = new Set<string>();
  for (const u of flag.allocation?.user ?? []) for (const id of u.users) ids.add(id);
  for (const f of flag.conditions?.client_filters ?? []) {
    const audience = f.parameters?.Audience as Audience | undefined;
    for (const list of [audience?.Users, audience?.Exclusion?.Users])
      if (Array.isArray(list)) for (const id of list) if (typeof id === "string") ids.add(id);
  }
  return ids;
}
