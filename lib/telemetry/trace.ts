// Spans of the app's own work (OBO, Graph, Redis, token validation) through the OpenTelemetry API only:
// with no tracer provider registered (no exporter configured) every call here is a no-op.
// Attributes name what happened (cache hit or miss, status, check), never a token, code, key or secret.
import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Span } from "@opentelemetry/api";

export const tracer = trace.getTracer("entra-dual-mode");
export { SpanKind };
export type { Span };

// Set by setup.ts when it registers a provider: hot paths (a cached OBO token in ~1 µs) skip even the
// no-op span when tracing is off. On globalThis: Next may load this module once per bundle.
const TRACING = Symbol.for("entra-dual-mode.tracing");
type WithTracing = typeof globalThis & { [TRACING]?: boolean };
export const tracingOn = (): boolean => (globalThis as WithTracing)[TRACING] === true;
export function setTracingOn(on: boolean): void {
  (globalThis as WithTracing)[TRACING] = on;
}

/** A span for a hot path, or undefined when tracing is off (callers use span?.…). Not made active. */
export function startSpan(name: string, attributes?: Attributes, kind = SpanKind.INTERNAL): Span | undefined {
  return tracingOn() ? tracer.startSpan(name, { kind, attributes }) : undefined;
}

/** The error's code (AppError, msal) or class name: messages may echo input, so they stay out of spans. */
export function errorType(err: unknown): string {
  const e = err as { code?: unknown; errorCode?: unknown; name?: unknown };
  for (const v of [e?.code, e?.errorCode, e?.name]) if (typeof v === "string" && v) return v;
  return "Error";
}

export function markFailed(span: Span, err: unknown): void {
  span.setStatus({ code: SpanStatusCode.ERROR });
  span.setAttribute("error.type", errorType(err));
}

/** Runs `fn` in a span made active for its children; ends it, marking a thrown error. */
export function inSpan<T>(
  name: string,
  options: { kind?: SpanKind; attributes?: Attributes },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, options, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      markFailed(span, err);
      throw err;
    } finally {
      span.end();
    }
  });
}

/** Runs `fn` with `span` active (its children nest under it) without ending it. */
export function withActive<T>(span: Span, fn: () => Promise<T>): Promise<T> {
  return context.with(trace.setSpan(context.active(), span), fn);
}

/** Sets an attribute on the span currently active, if any (deep in a code path that has no handle on it). */
export function annotate(key: string, value: string | number | boolean): void {
  trace.getActiveSpan()?.setAttribute(key, value);
}

/** trace_id / span_id of the active span for log lines (pino's mixin), or nothing outside a trace. */
export function traceFields(): Record<string, string> {
  const ctx = trace.getActiveSpan()?.spanContext();
  if (!ctx || !trace.isSpanContextValid(ctx)) return {};
  return { trace_id: ctx.traceId, span_id: ctx.spanId };
}
