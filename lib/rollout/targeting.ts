// Who a user is for targeting: their Entra group ids, saved at sign-in beside the session (by object id,
// so every instance sharing the store sees them) and read by proxy.ts on each page request through a
// short in-process memo. The groups come from the access token's `groups` claim; past 200 groups the
// token carries `_claim_names` instead (overage) and lib/rollout/sign-in.ts asks Graph.
import { createHash } from "node:crypto";
import { decodeJwt } from "jose";
import type { KvStore } from "@/lib/store/types";

export interface TargetingRecord {
  /** Entra group object ids, lower-cased. */
  groups: string[];
  /** Changes whenever the groups do: part of the evaluation cache key. */
  tag: string;
  /** The token had too many groups to carry them; `resolved` says whether Graph filled them in. */
  overage: boolean;
  resolved: boolean;
}

/** Kept longer than a session (24 h idle), so a live session never finds its groups gone. */
const RECORD_TTL_SECONDS = 7 * 24 * 60 * 60;
/** How long an instance trusts its memo before reading the store again (a sign-in elsewhere may change it). */
const MEMO_MS = 30_000;
const MEMO_MAX = 50_000;

const key = (oid: string) => `rollout:targeting:${oid.toLowerCase()}`;

export function targetingRecord(groups: string[], overage: boolean, resolved: boolean): TargetingRecord {
  const ids = [...new Set(groups.map((g) => g.toLowerCase()))].sort();
  return {
    groups: ids,
    tag: createHash("sha256").update(ids.join(",")).digest("base64url").slice(0, 16),
    overage,
    resolved,
  };
}

/**
 * What the backend access token says of the user's groups. The token came from the token endpoint over
 * TLS straight into the server (sign-in), so it is decoded, not verified again.
 */
export function groupsInToken(accessToken: string): { groups: string[]; overage: boolean } {
  const claims = decodeJwt(accessToken);
  const names = claims._claim_names as { groups?: unknown } | undefined;
  if (names?.groups !== undefined || claims.hasgroups === true) return { groups: [], overage: true };
  const groups = Array.isArray(claims.groups) ? claims.groups.filter((g): g is string => typeof g === "string") : [];
  return { groups, overage: false };
}

export class TargetingStore {
  private readonly memo = new Map<string, { record: TargetingRecord | undefined; until: number }>();

  constructor(private readonly kv: KvStore) {}

  async save(oid: string, record: TargetingRecord): Promise<void> {
    await this.kv.set(key(oid), JSON.stringify(record), RECORD_TTL_SECONDS);
    this.remember(oid, record);
  }

  async load(oid: string, now = Date.now()): Promise<TargetingRecord | undefined> {
    const memo = this.memo.get(oid);
    if (memo && memo.until > now) return memo.record;
    const raw = await this.kv.get(key(oid)).catch(() => undefined); // a store outage degrades to no groups
    const record = raw ? (JSON.parse(raw) as TargetingRecord) : undefined;
    this.remember(oid, record, now);
    return record;
  }

  private remember(oid: string, record: TargetingRecord | undefined, now = Date.now()): void {
    if (this.memo.size >= MEMO_MAX) this.memo.delete(this.memo.keys().next().value as string);
    this.memo.delete(oid);
    this.memo.set(oid, { record, until: now + MEMO_MS });
  }
}
