// AADSTS errors (their codes in aadsts-catalogue.ts, re-exported here) and the three ways Entra answers
// one: the /token JSON envelope, the redirect to the client (query/fragment/form_post), and the error page
// that is never redirected.
import { randomUUID } from "node:crypto";
import type { EmulatorContext } from "../context.ts";
import { CATALOGUE, type CatalogueEntry } from "./aadsts-catalogue.ts";

export { CATALOGUE, type CatalogueEntry } from "./aadsts-catalogue.ts";

/** An AADSTS error on its way out; `error`/`suberror` may differ from the catalogue per channel (e.g. 65001 on /authorize). */
export class AadstsError extends Error {
  constructor(
    readonly code: number,
    readonly args: Record<string, string | number> = {},
    readonly overrides: {
      error?: string;
      suberror?: string | null;
      claims?: string;
      status?: number;
      retryAfterSeconds?: number;
    } = {},
  ) {
    super(`AADSTS${code}`);
  }
  get entry(): CatalogueEntry {
    return CATALOGUE[this.code] ?? { error: "invalid_request", status: 400, message: "Emulated failure." };
  }
  get error(): string {
    return this.overrides.error ?? this.entry.error;
  }
  get suberror(): string | undefined {
    return this.overrides.suberror === null ? undefined : (this.overrides.suberror ?? this.entry.suberror);
  }
  get status(): number {
    return this.overrides.status ?? this.entry.status;
  }
  get text(): string {
    return this.entry.message.replace(/\{(\w+)\}/g, (_, k: string) => String(this.args[k] ?? ""));
  }
}

export const aadsts = (code: number, args?: Record<string, string | number>, overrides?: AadstsError["overrides"]) =>
  new AadstsError(code, args, overrides);

/** "2024-05-01 12:00:00Z", the timestamp format Entra uses in error bodies. */
export function entraTimestamp(ctx: EmulatorContext): string {
  return new Date(ctx.clock.nowMs())
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
}

export interface ErrorFields {
  error: string;
  error_description: string;
  error_codes: number[];
  timestamp: string;
  trace_id: string;
  correlation_id: string;
  error_uri: string;
  suberror?: string;
  claims?: string;
}

export function errorFields(ctx: EmulatorContext, err: AadstsError, correlationId?: string): ErrorFields {
  const timestamp = entraTimestamp(ctx);
  const traceId = randomUUID();
  const correlation = correlationId || randomUUID();
  const fields: ErrorFields = {
    error: err.error,
    error_description: `AADSTS${err.code}: ${err.text}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlation}\r\nTimestamp: ${timestamp}`,
    error_codes: [err.code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlation,
    error_uri: `https://login.microsoftonline.com/error?code=${err.code}`,
  };
  if (err.suberror) fields.suberror = err.suberror;
  if (err.overrides.claims) fields.claims = err.overrides.claims;
  return fields;
}

/** Fault injected through /_admin/faults, answered as the catalogue entry for its AADSTS code. */
export function faultError(fault: { aadsts?: number; status?: number; retryAfterSeconds?: number }): AadstsError {
  const code = fault.aadsts ?? 50000;
  return aadsts(
    code,
    { reason: "Emulated failure.", resource: "the resource" },
    { status: fault.status, retryAfterSeconds: fault.retryAfterSeconds },
  );
}
