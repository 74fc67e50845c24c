import "server-only";
import { randomBytes } from "node:crypto";
import type { KvStore } from "@/lib/store/types";
import type { SessionRecord } from "./types";

/** How long a server session lives without activity; the cookie's maxAge matches it. */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;

const SID = /^[A-Za-z0-9_-]{43}$/;
/** Entra's `sid` claim (a GUID); anything else names no session. */
export const IDP_SID = /^[A-Za-z0-9-]{8,64}$/;
// Sessions one Entra session may hold in this app (a sign-in per browser tab at most); older ones drop off.
const MAX_PER_IDP_SESSION = 20;

/** 32 random bytes, base64url: the only thing the browser's cookie refers to. */
export function newSessionId(): string {
  return randomBytes(32).toString("base64url");
}

export class SessionStore {
  constructor(
    private readonly kv: KvStore,
    private readonly ttlSeconds = SESSION_TTL_SECONDS,
  ) {}

  async save(record: SessionRecord): Promise<void> {
    await this.kv.set(key(record.sid), JSON.stringify(record), this.ttlSeconds);
    if (record.idpSid && IDP_SID.test(record.idpSid)) await this.link(record.idpSid, record.sid);
  }

  /** Ends every session signed in through this Entra session (front-channel sign-out); returns their ids. */
  async endIdpSession(idpSid: string): Promise<string[]> {
    if (!IDP_SID.test(idpSid)) return [];
    const sids = await this.linked(idpSid);
    await Promise.all([...sids.map((sid) => this.delete(sid)), this.kv.del(idpKey(idpSid))]);
    return sids;
  }

  private async linked(idpSid: string): Promise<string[]> {
    const raw = await this.kv.get(idpKey(idpSid));
    try {
      const list = raw ? (JSON.parse(raw) as unknown) : [];
      return Array.isArray(list) ? list.filter((s): s is string => typeof s === "string" && SID.test(s)) : [];
    } catch {
      return [];
    }
  }

  // Kept as long as the sessions it names (each save renews it).
  private async link(idpSid: string, sid: string): Promise<void> {
    const sids = (await this.linked(idpSid)).filter((s) => s !== sid);
    sids.push(sid);
    await this.kv.set(idpKey(idpSid), JSON.stringify(sids.slice(-MAX_PER_IDP_SESSION)), this.ttlSeconds);
  }

  async load(sid: string): Promise<SessionRecord | undefined> {
    if (!SID.test(sid)) return undefined;
    const raw = await this.kv.get(key(sid));
    return raw ? (JSON.parse(raw) as SessionRecord) : undefined;
  }

  async delete(sid: string): Promise<void> {
    if (SID.test(sid)) await this.kv.del(key(sid));
  }
}

const key = (sid: string) => `session:${sid}`;
const idpKey = (idpSid: string) => `session-idp:${idpSid}`;
