// Forced failures for tests: "answer the next N calls to <target> with <this>", set through the admin API.
export type FaultTarget = "authorize" | "token" | "graph" | "discovery" | "jwks";

export interface Fault {
  target: FaultTarget;
  /** For identity endpoints: an AADSTS code from the catalogue, answered in the Entra envelope. */
  aadsts?: number;
  /** For graph: an HTTP status (429, 503, …) answered in Graph's error shape. */
  status?: number;
  retryAfterSeconds?: number;
  /** For graph: answer this much later (alone: the normal answer, late; a slow Graph). */
  delayMs?: number;
  /** Only requests for this grant_type (token) or this path prefix (graph). */
  match?: string;
  /** Graph only: this HTTP method, or "write" for any of POST, PUT, PATCH, DELETE. */
  method?: string;
  remaining: number;
}

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
const methodMatches = (wanted: string | undefined, method: string | undefined) =>
  !wanted || (wanted === "write" ? WRITES.has(method ?? "") : wanted === method);

export class Faults {
  private queue: Fault[] = [];

  add(fault: Omit<Fault, "remaining"> & { count?: number }): void {
    const { count, ...rest } = fault;
    this.queue.push({ ...rest, remaining: count ?? 1 });
  }
  /** Consumes and returns the first fault for the target that matches, if any. */
  take(target: FaultTarget, subject = "", method?: string): Fault | undefined {
    const fault = this.queue.find(
      (f) => f.target === target && (!f.match || subject.startsWith(f.match)) && methodMatches(f.method, method),
    );
    if (!fault) return undefined;
    if (--fault.remaining <= 0) this.queue.splice(this.queue.indexOf(fault), 1);
    return fault;
  }
  clear(): void {
    this.queue = [];
  }
  list(): Fault[] {
    return [...this.queue];
  }
}
