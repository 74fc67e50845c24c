import "server-only";
import { log } from "@/lib/log";

/**
 * L2 health: after a failure L2 is skipped for `retryAfterMs` (requests go on with L1 and the token
 * endpoint), then tried again; the first success closes the breaker. No timer, no background task.
 */
export class L2Breaker {
  private downUntil = 0;
  constructor(readonly retryAfterMs = 5_000) {}
  get open(): boolean {
    return Date.now() < this.downUntil;
  }
  failed(err: unknown, kind: string, op: string): void {
    if (this.downUntil === 0)
      log.warn(
        { err: String(err), store: kind, op },
        "obo cache: L2 unavailable, serving from L1 and the token endpoint",
      );
    this.downUntil = Date.now() + this.retryAfterMs;
  }
  succeeded(kind: string): void {
    if (this.downUntil !== 0) log.info({ store: kind }, "obo cache: L2 is back");
    this.downUntil = 0;
  }
}
