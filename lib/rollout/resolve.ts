// THE place a request's page modes are decided, for proxy.ts (which routes by them and hands them to the
// page in a request header) and for anything rendering outside it. Precedence, first that applies:
//   1. the `page-mode` override cookie, where FLAG_OVERRIDE_COOKIE allows it (dev, tests, canaries)
//   2. SPA_PAGES (the environment: `*` or a list of pages put in SPA mode)
//   3. the page's flag in FEATURE_FLAGS_FILE, for the session's user (oid, UPN, groups)
//   4. server mode
import { readSessionCookie } from "@/lib/auth/cookie";
import { getConfig } from "@/lib/config";
import { MODE_COOKIE, pageMode, parseModeCookie, serializeModeCookie } from "@/lib/flags";
import type { FlagModes, TargetingInput } from "./evaluate";
import { PAGES, type PageMode } from "./pages";
import { rolloutRuntime } from "./runtime";

/** Request header proxy.ts sets (replacing any the client sent) with the modes it decided. */
export const PAGE_MODES_HEADER = "x-page-modes";

type CookieGetter = { get(name: string): { value: string } | undefined };

export interface ResolvedModes {
  /** The mode each page renders in for this request. */
  modes: FlagModes;
  /** What the flags alone say (before the cookie and SPA_PAGES). */
  flagModes: FlagModes;
  /** Whether the request carries a valid session cookie (read here once, for proxy.ts's sign-in rule too). */
  signedIn: boolean;
}

export async function resolvePageModes(cookies: CookieGetter): Promise<ResolvedModes> {
  const { flags, auth } = getConfig();
  const runtime = rolloutRuntime();
  await runtime.file.ready;
  const session = await readSessionCookie(cookies, auth.secret);
  let who: TargetingInput | undefined;
  if (session) {
    const record = await runtime.targeting.load(session.oid);
    who = { oid: session.oid, upn: session.preferred_username, groups: record?.groups ?? [], groupsTag: record?.tag ?? "" };
  }
  const flagModes = await runtime.evaluator.flagModes(who);
  const cookie = cookies.get(MODE_COOKIE)?.value;
  const modes = Object.fromEntries(PAGES.map((page) => [page, pageMode(page, flags, cookie, flagModes[page])])) as FlagModes;
  return { modes, flagModes, signedIn: session !== undefined };
}

export function serializeModes(modes: FlagModes): string {
  return serializeModeCookie(new Map(Object.entries(modes) as [string, PageMode][]));
}

/** The modes proxy.ts handed over, or undefined when the header is missing or incomplete. */
export function parseModesHeader(value: string | null): FlagModes | undefined {
  const parsed = parseModeCookie(value ?? undefined);
  if (!PAGES.every((p) => parsed.has(p))) return undefined;
  return Object.fromEntries(PAGES.map((p) => [p, parsed.get(p)!])) as FlagModes;
}
