import "server-only";
import { randomUUID } from "node:crypto";
import { log } from "@/lib/log";
import type { KvStore } from "@/lib/store/types";
import { AppError } from "@/lib/errors";
import type { SessionStore } from "./store";
import type { SessionRecord } from "./types";

export interface RefresherOptions {
  kv: KvStore;
  sessions: SessionStore;
  /** The token endpoint URL, usually from discovery. */
  tokenEndpoint: () => Promise<string>;
  clientId: string;
  clientSecret: string;
  /** e.g. `api://{backend}/.default openid profile offline_access` */
  scope: string;
  /** Refresh this long before the access token expires. */
  skewSeconds?: number;
  lockTtlSeconds?: number;
  waitTimeoutMs?: number;
  pollMs?: number;
  fetch?: typeof fetch;
  now?: () => number; // ms
}

// Errors after which the refresh token can never work again: the user must sign in interactively.
const SESSION_ENDING_ERRORS = new Set(["invalid_grant", "interaction_required", "consent_required", "login_required"]);

/**
 * Keeps a session's backend access token valid. Single-flight on two levels: concurrent callers in
 * one process share one promise; instances sharing the store take a lock (setIfAbsent) and the others
 * poll the store until the winner's new token shows up.
 */
export class TokenRefresher {
  private readonly inflight = new Map<string, Promise<SessionRecord | undefined>>();
  private readonly o: Required<Omit<RefresherOptions, "fetch" | "now">> & { fetch: typeof fetch; now: () => number };

  constructor(options: RefresherOptions) {
    this.o = {
      skewSeconds: 300,
      lockTtlSeconds: 30,
      waitTimeoutMs: 15_000,
      pollMs: 100,
      ...options,
      fetch: options.fetch ?? ((...args) => fetch(...args)),
      now: options.now ?? Date.now,
    };
  }

  /** The session with an access token valid for at least skewSeconds, or undefined when it ended. */
  async getFreshSession(sid: string): Promise<SessionRecord | undefined> {
    const record = await this.o.sessions.load(sid);
    if (!record || this.isFresh(record)) return record;
    let pending = this.inflight.get(sid);
    if (!pending) {
      pending = this.refreshOnce(sid).finally(() => this.inflight.delete(sid));
      this.inflight.set(sid, pending);
    }
    return pending;
  }

  isFresh(record: SessionRecord): boolean {
    return record.accessTokenExpiresAt * 1000 - this.o.skewSeconds * 1000 > this.o.now();
  }

  private async refreshOnce(sid: string): Promise<SessionRecord | undefined> {
    const lockKey = `refresh-lock:${sid}`;
    const deadline = Date.now() + this.o.waitTimeoutMs;
    for (;;) {
      const owner = randomUUID();
      if (await this.o.kv.setIfAbsent(lockKey, owner, this.o.lockTtlSeconds)) {
        try {
          // Another instance may have finished between our read and taking the lock.
          const record = await this.o.sessions.load(sid);
          if (!record || this.isFresh(record)) return record;
          return await this.redeem(record);
        } finally {
          await this.o.kv.delIfEquals(lockKey, owner);
        }
      }
      while (Date.now() < deadline) {
        await sleep(this.o.pollMs);
        const record = await this.o.sessions.load(sid);
        if (!record || this.isFresh(record)) return record;
        if ((await this.o.kv.get(lockKey)) === undefined) break; // the holder gave up: try to take over
      }
      if (Date.now() >= deadline) throw new AppError("ERR_AUTH_REFRESH_TIMEOUT");
    }
  }

  private async redeem(record: SessionRecord): Promise<SessionRecord | undefined> {
    if (!record.refreshToken) return this.end(record, "no_refresh_token");
    const body = new URLSearchParams({
      grant_type: "refresh_token",
      client_id: this.o.clientId,
      client_secret: this.o.clientSecret,
      refresh_token: record.refreshToken,
      scope: this.o.scope,
    });
    let response: Response;
    let json: Record<string, unknown>;
    try {
      response = await this.o.fetch(await this.o.tokenEndpoint(), {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
        body,
      });
      json = (await response.json()) as Record<string, unknown>;
    } catch (cause) {
      if (cause instanceof AppError) throw cause;
      throw new AppError("ERR_AUTH_REFRESH_FAILED", {}, { cause });
    }
    if (!response.ok || typeof json.access_token !== "string") {
      const error = typeof json.error === "string" ? json.error : `http_${response.status}`;
      const codes = Array.isArray(json.error_codes) ? json.error_codes : [];
      if (SESSION_ENDING_ERRORS.has(error)) return this.end(record, error, codes);
      log.warn({ oid: record.oid, error, codes, status: response.status }, "token refresh failed");
      throw new AppError("ERR_AUTH_REFRESH_FAILED", {}, { cause: new Error(`${error} ${codes.join(",")}`) });
    }
    const now = Math.floor(this.o.now() / 1000);
    const next: SessionRecord = {
      ...record,
      accessToken: json.access_token,
      accessTokenExpiresAt: now + Number(json.expires_in ?? 3600),
      refreshToken: typeof json.refresh_token === "string" ? json.refresh_token : record.refreshToken,
      scope: typeof json.scope === "string" ? json.scope : record.scope,
      updatedAt: now,
    };
    await this.o.sessions.save(next);
    log.info({ oid: record.oid }, "access token refreshed");
    return next;
  }

  private async end(record: SessionRecord, reason: string, codes: unknown[] = []): Promise<undefined> {
    await this.o.sessions.delete(record.sid);
    log.info({ oid: record.oid, reason, codes }, "session ended: refresh impossible, sign-in required");
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const endpoints = new Map<string, Promise<string>>();

/** The token endpoint from `${issuer}/.well-known/openid-configuration`, fetched once per process. */
export function discoverTokenEndpoint(issuer: string): Promise<string> {
  let pending = endpoints.get(issuer);
  if (!pending) {
    pending = (async () => {
      try {
        const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
          headers: { accept: "application/json" },
        });
        if (!response.ok) throw new Error(`discovery answered ${response.status}`);
        const { token_endpoint } = (await response.json()) as { token_endpoint?: unknown };
        if (typeof token_endpoint !== "string") throw new Error("no token_endpoint in discovery");
        return token_endpoint;
      } catch (cause) {
        endpoints.delete(issuer);
        throw new AppError("ERR_AUTH_DISCOVERY_FAILED", {}, { cause });
      }
    })();
    endpoints.set(issuer, pending);
  }
  return pending;
}
