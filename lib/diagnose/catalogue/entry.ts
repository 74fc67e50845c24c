// What a catalogue entry is, and the small text helpers entries share to name things in this app's terms.
import type { AppFacts, EntraFailure, Evidence, Flow } from "../types";

export const GRAPH_APP_ID = "00000003-0000-0000-c000-000000000000";
const GRAPH_AUDIENCES = [GRAPH_APP_ID, "https://graph.microsoft.com", "https://graph.microsoft.com/"];

export interface Ctx {
  failure: EntraFailure;
  facts: AppFacts;
  evidence?: Evidence;
  /** The client the request came from: its id and how this app configures it. */
  client: { id: string; label: string; idVar: string; secretVar: string };
  flow: Flow;
}

export interface Explanation {
  title: string;
  happened: string;
  cause: string;
  fix: string;
}

/**
 * How the app acts when one of its own token requests is refused with the code (lib/obo/errors.ts):
 * a misconfiguration (ERR_OBO_MISCONFIGURED), one that also moves on to the next configured credential,
 * or one only a new sign-in fixes although Entra sends no interaction_required.
 */
export type Handling = "misconfiguration" | "rejected-credential" | "sign-in-again";

export type Text = string | ((c: Ctx) => string);
export interface EntrySpec {
  title: string;
  happened: Text;
  cause: Text;
  fix: Text;
  /** A sharper explanation for this context, or undefined to keep the general one. */
  refine?: (c: Ctx) => Partial<Explanation> | undefined;
  handling?: Handling;
  /** One line for the daemon's operator, in terms of its own DAEMON_* settings. */
  daemonHint?: string;
}

export const scopeOf = (c: Ctx) => `${c.facts.backendAppIdUri}/${c.facts.backendScope}`;
export const isGraph = (aud: string | undefined) => !!aud && GRAPH_AUDIENCES.includes(aud);
export const audLabel = (c: Ctx, aud: string): string => {
  if (isGraph(aud)) return `${aud} (Microsoft Graph)`;
  if (aud === c.facts.frontendClientId) return `${aud} (the frontend registration itself)`;
  if (aud === c.facts.backendClientId || aud === c.facts.backendAppIdUri) return `${aud} (the backend)`;
  return aud;
};
const originOf = (uri: string | undefined) => {
  try {
    return uri ? new URL(uri).origin : undefined;
  } catch {
    return undefined;
  }
};
export const origin = (c: Ctx) =>
  c.failure.origin ?? originOf(c.failure.redirectUri) ?? c.facts.appOrigin ?? "https://<app>";
