import "server-only";
import { randomBytes } from "node:crypto";
import type { KvStore } from "@/lib/store/types";
import type { SessionRecord } from "./types";

/** How long a server session lives without activity; the cookie's maxAge matches it. */
export const SESSION_TTL_SECONDS = 24 * 60 * 60;

const SID = /^[A-Za-z0-9_-]{43}$/;

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
