// The app's one AADSTS catalogue. One small entry per code: what it means, and why it happens in THIS app
// (two registrations, OBO to Graph, server and SPA modes). `refine` picks a sharper cause from the context
// (the assertion's claims, the flow, the client) when one applies; otherwise the entry's general text
// stands. It feeds the diagnoses (API bodies, pages, the doctor), how lib/obo treats a refusal
// (`handling`) and the daemon's hints.
import { CLIENTS } from "./clients";
import type { Ctx, EntrySpec, Explanation, Handling, Text } from "./entry";
import { REDIRECTS } from "./redirects";
import { TOKENS } from "./tokens";

export { GRAPH_APP_ID, type Ctx, type Explanation, type Handling } from "./entry";

export const CATALOGUE: Record<number, EntrySpec> = { ...TOKENS, ...CLIENTS, ...REDIRECTS };

/** How lib/obo treats a refusal with `code` (undefined: by its OAuth error alone). */
export function handlingOf(code: number | undefined): Handling | undefined {
  return code === undefined ? undefined : CATALOGUE[code]?.handling;
}

/** The daemon's hint for `code`, in terms of its DAEMON_* settings. */
export function daemonHintOf(code: number | undefined): string | undefined {
  return code === undefined ? undefined : CATALOGUE[code]?.daemonHint;
}

/** The explanation of `code` in context (general text, then the refinement if one applies). */
export function explain(code: number, c: Ctx): Explanation | undefined {
  const spec = CATALOGUE[code];
  if (!spec) return undefined;
  const text = (t: Text) => (typeof t === "function" ? t(c) : t);
  const base: Explanation = {
    title: spec.title,
    happened: text(spec.happened),
    cause: text(spec.cause),
    fix: text(spec.fix),
  };
  return { ...base, ...(spec.refine?.(c) ?? {}) };
}
