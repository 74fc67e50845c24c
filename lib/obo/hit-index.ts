import "server-only";

// A memo of L1 hits in front of the partitioned cache: (SHA-256 of the assertion, scope set) → the access
// token findToken answered and the second until which it may be served.
//
// Why: a hit through the Map of partitions follows a chain of dependent reads (bucket, key string, entry,
// partition, token, scopes, user_assertion_hash). With a few users all of it sits in the CPU caches;
// with 100,000 every link is a miss to main memory, and the hit gets ~2× slower although no step depends on
// the number of users. Here a hit reads one 64-byte record of a typed array (the full digest, the scope set,
// the expiry) plus the token's slot in one array, found from the same index, so its cost stays flat apart
// from reading the token itself (bench/RESULTS.md measures that floor).
//
// The memo never decides anything itself: each record is findToken's own answer for that exact query,
// removed whenever the partition it came from leaves L1 (replaced, evicted, expired, cleared).

export interface ScopeSet {
  id: number;
  clientId: string;
  /** As findToken is asked for them. */
  scopes: string[];
}

const RECORD_WORDS = 16; // 64 bytes: digest 0-7, servable-until (float64) 8-9, scope set 10, occupied 11, read 12
const UNTIL = 4; // float64 slot of the record
const SCOPE_SET = 10;
const OCCUPIED = 11;
// Set by a hit, taken by L1's eviction (second-chance LRU): written in the line the hit already reads, so
// marking the user as recent costs no further memory access.
const READ = 12;
const MAX_SCOPE_SETS = 256; // scope sets come from code, not requests; past this, no memo for new ones
const INITIAL_CAPACITY = 1024;

export class HitIndex {
  private capacity = 0;
  private mask = 0;
  private words = new Uint32Array(0);
  private until = new Float64Array(0);
  private secrets: Array<string | undefined> = [];
  private count = 0;
  private readonly scopeSets = new Map<string, number>();
  private readonly queries: ScopeSet[] = [];

  constructor() {
    this.allocate(INITIAL_CAPACITY);
  }

  /**
   * A small number for (client id, scopes as asked); -1 once too many distinct sets were seen.
   * `toQuery` gives the scopes as findToken is asked for them (called once per set).
   */
  scopeSetId(clientId: string, scopes: readonly string[], toQuery: (scopes: readonly string[]) => string[]): number {
    const name = `${clientId}\n${scopes.join("\n")}`;
    let id = this.scopeSets.get(name);
    if (id === undefined) {
      if (this.scopeSets.size >= MAX_SCOPE_SETS) return -1;
      this.scopeSets.set(name, (id = this.scopeSets.size));
      this.queries.push({ id, clientId, scopes: toQuery(scopes) });
    }
    return id;
  }

  /** Every scope set asked for so far, to memoize a new partition's answers before its first hit. */
  get scopeSetsSeen(): readonly ScopeSet[] {
    return this.queries;
  }

  /** The memoized token, if one is held for exactly this digest and scope set and still servable. */
  get(digest: Buffer, scopeSet: number, nowSeconds: number): string | undefined {
    if (scopeSet < 0) return undefined;
    const w0 = digest.readUInt32LE(0);
    for (let slot = this.home(w0, scopeSet); ; slot = (slot + 1) & this.mask) {
      const at = slot * RECORD_WORDS;
      if (this.words[at + OCCUPIED] === 0) return undefined;
      if (this.words[at + SCOPE_SET] === scopeSet && this.sameDigest(at, digest, w0)) {
        if (!(nowSeconds < this.until[slot * (RECORD_WORDS / 2) + UNTIL])) return undefined;
        this.words[at + READ] = 1;
        return this.secrets[slot];
      }
    }
  }

  /** Memoizes findToken's answer; `servableUntil` is the token's expiry minus msal's renewal offset. */
  set(digest: Buffer, scopeSet: number, servableUntil: number, secret: string): void {
    if (scopeSet < 0) return;
    const slot = this.find(digest, scopeSet);
    if (slot >= 0) {
      this.fill(slot, digest, scopeSet, servableUntil, secret);
      return;
    }
    if ((this.count + 1) * 2 > this.capacity) this.grow();
    this.fill(this.freeSlot(digest.readUInt32LE(0), scopeSet), digest, scopeSet, servableUntil, secret);
    this.count++;
  }

  /** Whether any scope set of this assertion was served since the last call (and clears that). */
  takeRead(digest: Buffer): boolean {
    let read = false;
    if (this.count === 0) return read;
    for (const id of this.scopeSets.values()) {
      const slot = this.find(digest, id);
      if (slot >= 0 && this.words[slot * RECORD_WORDS + READ] === 1) {
        this.words[slot * RECORD_WORDS + READ] = 0;
        read = true;
      }
    }
    return read;
  }

  /** Forgets every scope set memoized for this assertion (its partition left L1). */
  deleteDigest(digest: Buffer): void {
    if (this.count === 0) return;
    for (const id of this.scopeSets.values()) {
      const slot = this.find(digest, id);
      if (slot >= 0) this.remove(slot);
    }
  }

  clear(): void {
    this.allocate(INITIAL_CAPACITY);
  }

  get size(): number {
    return this.count;
  }

  private home(w0: number, scopeSet: number): number {
    return (w0 ^ Math.imul(scopeSet + 1, 0x9e3779b1)) & this.mask;
  }

  private sameDigest(at: number, digest: Buffer, w0: number): boolean {
    const w = this.words;
    for (let i = 1; i < 8; i++) if (w[at + i] !== digest.readUInt32LE(i * 4)) return false;
    return w[at] === w0;
  }

  private find(digest: Buffer, scopeSet: number): number {
    const w0 = digest.readUInt32LE(0);
    for (let slot = this.home(w0, scopeSet); ; slot = (slot + 1) & this.mask) {
      const at = slot * RECORD_WORDS;
      if (this.words[at + OCCUPIED] === 0) return -1;
      if (this.words[at + SCOPE_SET] === scopeSet && this.sameDigest(at, digest, w0)) return slot;
    }
  }

  private freeSlot(w0: number, scopeSet: number): number {
    let slot = this.home(w0, scopeSet);
    while (this.words[slot * RECORD_WORDS + OCCUPIED] !== 0) slot = (slot + 1) & this.mask;
    return slot;
  }

  private fill(slot: number, digest: Buffer, scopeSet: number, servableUntil: number, secret: string): void {
    const at = slot * RECORD_WORDS;
    for (let i = 0; i < 8; i++) this.words[at + i] = digest.readUInt32LE(i * 4);
    this.words[at + SCOPE_SET] = scopeSet;
    this.words[at + OCCUPIED] = 1;
    this.words[at + READ] = 0;
    this.until[slot * (RECORD_WORDS / 2) + UNTIL] = servableUntil;
    this.secrets[slot] = secret;
  }

  /** Linear probing without tombstones: later records of the same run move back into the hole. */
  private remove(slot: number): void {
    let hole = slot;
    for (
      let next = (hole + 1) & this.mask;
      this.words[next * RECORD_WORDS + OCCUPIED] !== 0;
      next = (next + 1) & this.mask
    ) {
      const at = next * RECORD_WORDS;
      const home = this.home(this.words[at], this.words[at + SCOPE_SET]);
      // The record at `next` may fill the hole only if its home is not cyclically within (hole, next].
      const staysPut = hole <= next ? hole < home && home <= next : hole < home || home <= next;
      if (staysPut) continue;
      this.words.copyWithin(hole * RECORD_WORDS, at, at + RECORD_WORDS);
      this.secrets[hole] = this.secrets[next];
      hole = next;
    }
    this.words.fill(0, hole * RECORD_WORDS, (hole + 1) * RECORD_WORDS);
    this.secrets[hole] = undefined;
    this.count--;
  }

  private allocate(capacity: number): void {
    this.capacity = capacity;
    this.mask = capacity - 1;
    // One buffer for both views, so a record's digest, scope set and expiry share one cache line.
    const buffer = new ArrayBuffer(capacity * RECORD_WORDS * 4);
    this.words = new Uint32Array(buffer);
    this.until = new Float64Array(buffer);
    this.secrets = new Array<string | undefined>(capacity).fill(undefined);
    this.count = 0;
  }

  private grow(): void {
    const { words, until, secrets, capacity } = this;
    this.allocate(capacity * 2);
    for (let slot = 0; slot < capacity; slot++) {
      const at = slot * RECORD_WORDS;
      if (words[at + OCCUPIED] === 0) continue;
      const target = this.freeSlot(words[at], words[at + SCOPE_SET]) * RECORD_WORDS;
      this.words.set(words.subarray(at, at + RECORD_WORDS), target);
      this.until[(target / RECORD_WORDS) * (RECORD_WORDS / 2) + UNTIL] = until[slot * (RECORD_WORDS / 2) + UNTIL];
      this.secrets[target / RECORD_WORDS] = secrets[slot];
      this.count++;
    }
  }
}
