// One clock for every lifetime the emulator checks, so tests can move time (SPA 24 h, code 10 min, expiry).
export class Clock {
  private offsetMs = 0;
  private frozenAt: number | undefined;

  nowMs(): number {
    return (this.frozenAt ?? Date.now()) + this.offsetMs;
  }
  /** Seconds since the epoch, as JWT time claims use. */
  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }
  advance(seconds: number): void {
    this.offsetMs += seconds * 1000;
  }
  freeze(atMs?: number): void {
    this.frozenAt = atMs ?? Date.now();
    if (atMs !== undefined) this.offsetMs = 0;
  }
  reset(): void {
    this.offsetMs = 0;
    this.frozenAt = undefined;
  }
}
