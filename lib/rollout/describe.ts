// A page's rollout in words, for /migration: who gets SPA mode by its flag, and what overrides it.
import type { AppConfig } from "@/lib/config";
import type { PageName } from "./pages";
import type { FlagJson } from "./schema";

export interface RolloutDescription {
  /** "none": no flag (server mode for everyone); "off": the flag is disabled; "on": it allocates. */
  state: "none" | "off" | "on";
  rules: string[];
  /** A simple override in force for this page, if any. */
  override?: string;
}

const MODE = { spa: "SPA mode", server: "server mode" } as Record<string, string>;
const mode = (variant: string | undefined) => MODE[variant ?? "server"] ?? "server mode";
const few = (ids: string[]) =>
  ids.length <= 3 ? ids.join(", ") : `${ids.slice(0, 3).join(", ")} and ${ids.length - 3} more`;

export function describeRollout(
  page: PageName,
  flag: FlagJson | undefined,
  flags: Pick<AppConfig["flags"], "spaPages" | "overrideCookie">,
): RolloutDescription {
  const override =
    flags.spaPages === "*" || flags.spaPages.includes(page)
      ? "SPA_PAGES puts every user in SPA mode, whatever the flag says."
      : flags.overrideCookie
        ? "The page-mode cookie may override it per browser (FLAG_OVERRIDE_COOKIE is on)."
        : undefined;
  if (!flag) return { state: "none", rules: ["No flag: everyone gets server mode."], override };
  const a = flag.allocation ?? {};
  if (flag.enabled !== true)
    return { state: "off", rules: [`Off: everyone gets ${mode(a.default_when_disabled)}.`], override };
  const rules: string[] = [];
  if (flag.conditions?.client_filters?.length)
    rules.push(
      `On only where its filters (${flag.conditions.client_filters.map((f) => f.name).join(", ")}) allow; elsewhere ${mode(a.default_when_disabled)}.`,
    );
  for (const u of a.user ?? []) rules.push(`Users ${few(u.users)}: ${mode(u.variant)}.`);
  for (const g of a.group ?? [])
    rules.push(`Members of ${g.groups.length === 1 ? "group" : "groups"} ${few(g.groups)}: ${mode(g.variant)}.`);
  for (const p of a.percentile ?? []) rules.push(`${p.from}–${p.to} % of the others: ${mode(p.variant)}.`);
  if (a.percentile?.length)
    rules.push(`Percentiles are sticky per user (seed ${a.seed ?? `allocation\\n${flag.id}`}).`);
  rules.push(`Everyone else: ${mode(a.default_when_enabled)}.`);
  return { state: "on", rules, override };
}
