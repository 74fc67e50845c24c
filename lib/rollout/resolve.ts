// The one place a request's page modes are decided, for proxy.ts (which routes by them and hands them to the
// page in a request header) and for anything rendering outside it. Precedence, first that applies:
//   1. the `page-mode` override cookie, where FLAG_OVERRIDE_COOKIE allows it (dev, tests, canaries)
//   2. SPA_PAGES (the environment: `*` or a list of pages put in SPA mode)
//   3. the page's flag in FEATURE_FLAGS_FILE, for the session's user (oid, UPN, groups)
//   4. server mode
import { readSessionCookie, type SessionCookieClaims } from "@/lib/session/cookie";
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
  const session = await readSessionCookie(cookies, getConfig().auth.secret);
  return { ...(await modesFor(session, cookies.get(MODE_COOKIE)?.value)), signedIn: session !== undefined };
}

/** The modes for a session's user (undefined: signed out) and the request's override cookie. */
export async function modesFor(
  session: Pick<SessionCookieClaims, "oid" | "preferred_username"> | undefined,
  modeCookie: string | undefined,
): Promise<Omit<ResolvedModes, "signedIn">> {
  const runtime = rolloutRuntime();
  await runtime.file.ready;
  let who: TargetingInput | undefined;
  if (session) {
    const record = await runtime.targeting.load(session.oid);
    who = {
      oid: session.oid,
      upn: session.preferred_username,
      groups: record?.groups ?? [],
      groupsTag: record?.tag ?? "",
    };
  }
  const flagModes = await runtime.evaluator.flagModes(who);
  const { flags } = getConfig();
  const modes = Object.fromEntries(
    PAGES.map((page) => [page, pageMode(page, flags, modeCookie, flagModes[page])]),
  ) as FlagModes;
  return { modes, flagModes };
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
