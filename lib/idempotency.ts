import "server-only";
import { createHash } from "node:crypto";
import { AppError } from "@/lib/errors";
import { getStore } from "@/lib/store";

// "Do this once" for non-idempotent writes (creating a task): the client sends a key per form render; a
// second request with the same key and the same content (a double click, a form resubmitted after Back,
// a retry after a lost answer) gets the first one's result instead of a second write. Kept in the shared
// store, so it holds across instances. A failed write releases its key: retrying it is not a duplicate.

const PENDING = "pending";
const PENDING_TTL_SECONDS = 60;
const DONE_TTL_SECONDS = 24 * 3600;
const WAIT_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Once<T> {
  value: T;
  /** True when an earlier request with this key did the work and this one only got its result. */
  replayed: boolean;
}

/**
 * Runs `work` once per (owner, key, fingerprint). `fingerprint` is the request's content: the same key
 * with other content (the user went Back and typed something else) is a new request.
 */
export async function once<T>(
  owner: string,
  key: string,
  fingerprint: string,
  work: () => Promise<T>,
): Promise<Once<T>> {
  const store = getStore();
  const id = `idem:${createHash("sha256").update(`${owner}\u0000${key}\u0000${fingerprint}`).digest("base64url")}`;
  for (const deadline = Date.now() + WAIT_MS; ;) {
    if (await store.setIfAbsent(id, PENDING, PENDING_TTL_SECONDS)) {
      let value: T;
      try {
        value = await work();
      } catch (err) {
        await store.del(id).catch(() => {});
        throw err;
      }
      await store.set(id, JSON.stringify({ value }), DONE_TTL_SECONDS);
      return { value, replayed: false };
    }
    const seen = await store.get(id);
    if (seen && seen !== PENDING) return { value: (JSON.parse(seen) as { value: T }).value, replayed: true };
    // The first request is still at Graph (a double click): wait for its answer rather than write again.
    if (Date.now() > deadline) {
      throw new AppError(
        "ERR_GRAPH_UNAVAILABLE",
        { retryAfterSeconds: 2 },
        { message: "The same request is still being processed. Try again in a moment." },
      );
    }
    await sleep(seen === undefined ? 0 : 50);
  }
}
