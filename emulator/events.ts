// The event log tests read through the admin API: sign-ins, consent prompts, tokens issued per grant.
export type EventType =
  | "sign_in" // credentials entered interactively (password page)
  | "sso" // /authorize answered from an existing IdP session, no UI
  | "consent_prompt" // a consent page was shown
  | "consent_granted"
  | "consent_declined"
  | "mfa_prompt"
  | "token" // a token response; data.grantType says which grant
  | "error" // an error answered to a client; data.code is the AADSTS number
  | "logout"
  | "frontchannel_logout"; // the signed-out page called an app's front-channel logout URL (data.url)

export interface EmulatorEvent {
  seq: number;
  at: string;
  type: EventType;
  user?: string; // user oid
  clientId?: string;
  data?: Record<string, unknown>;
}

export class EventLog {
  private events: EmulatorEvent[] = [];
  private seq = 0;
  constructor(private readonly limit = 10_000) {}

  record(type: EventType, fields: Omit<EmulatorEvent, "seq" | "at" | "type"> = {}): void {
    this.events.push({ seq: ++this.seq, at: new Date().toISOString(), type, ...fields });
    if (this.events.length > this.limit) this.events.splice(0, this.events.length - this.limit);
  }
  list(filter: { type?: EventType; user?: string; since?: number } = {}): EmulatorEvent[] {
    return this.events.filter(
      (e) =>
        (!filter.type || e.type === filter.type) &&
        (!filter.user || e.user === filter.user) &&
        (filter.since === undefined || e.seq > filter.since),
    );
  }
  clear(): void {
    this.events = [];
  }
}
