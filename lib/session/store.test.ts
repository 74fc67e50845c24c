import { describe, expect, it } from "vitest";
import { MemoryStore } from "@/lib/store/memory";
import { newSessionId, SessionStore } from "./store";
import type { SessionRecord } from "./types";

const record = (idpSid?: string, oid = "oid-1"): SessionRecord => ({
  sid: newSessionId(),
  oid,
  tid: "tid",
  name: "n",
  username: "u",
  ...(idpSid ? { idpSid } : {}),
  accessToken: "at",
  accessTokenExpiresAt: 0,
  createdAt: 0,
  updatedAt: 0,
});
const ENTRA_SID = "6f1c2a8e-0000-4000-8000-000000000001";

describe("SessionStore: front-channel sign-out by Entra's sid", () => {
  it("ends every session signed in through that Entra session, and no other", async () => {
    const store = new SessionStore(new MemoryStore());
    const [tab1, tab2, other, none] = [
      record(ENTRA_SID),
      record(ENTRA_SID),
      record("6f1c2a8e-0000-4000-8000-000000000002", "oid-2"),
      record(),
    ];
    for (const r of [tab1, tab2, other, none]) await store.save(r);
    await store.save(tab1); // a refresh saves again: still one entry for it
    expect((await store.endIdpSession(ENTRA_SID)).sort()).toEqual([tab1.sid, tab2.sid].sort());
    expect(await store.load(tab1.sid)).toBeUndefined();
    expect(await store.load(tab2.sid)).toBeUndefined();
    expect(await store.load(other.sid)).toBeDefined();
    expect(await store.load(none.sid)).toBeDefined();
    expect(await store.endIdpSession(ENTRA_SID)).toEqual([]); // already ended
  });

  it("ignores a malformed sid", async () => {
    const store = new SessionStore(new MemoryStore());
    expect(await store.endIdpSession("../../etc")).toEqual([]);
    expect(await store.endIdpSession("")).toEqual([]);
  });
});
