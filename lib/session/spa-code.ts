import "server-only";
import type { KvStore } from "@/lib/store/types";

// The hybrid bridge's one-time code: the server's code redemption asked for a `spa_code`, which
// msal-browser redeems for its own tokens, so an SPA page needs no sign-in of its own. Kept beside the
// session (not in it) so that taking it is one atomic step, and handed to the browser at most once.

/** Entra's codes live 10 minutes; a stale one would only fail at the token endpoint. */
export const SPA_CODE_TTL_SECONDS = 10 * 60;

export class SpaCodeStore {
  constructor(
    private readonly kv: KvStore,
    private readonly ttlSeconds = SPA_CODE_TTL_SECONDS,
  ) {}

  async put(sid: string, code: string): Promise<void> {
    await this.kv.set(key(sid), code, this.ttlSeconds);
  }

  /** The code, exactly once: of concurrent takers (two tabs, two instances) only one gets it. */
  async take(sid: string): Promise<string | undefined> {
    const code = await this.kv.get(key(sid));
    if (code === undefined) return undefined;
    return (await this.kv.delIfEquals(key(sid), code)) ? code : undefined;
  }

  async delete(sid: string): Promise<void> {
    await this.kv.del(key(sid));
  }
}

const key = (sid: string) => `spa-code:${sid}`;
