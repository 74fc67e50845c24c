// Tracing with an in-memory exporter through the app's own telemetry setup (lib/telemetry/setup.ts):
// the spans of one /api/me call with a bearer token (token validation, the OBO exchange with its cache
// outcome, Redis, Graph), all in the caller's trace, and no attribute holding a token, code or secret.
import { trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import type { Telemetry } from "@/lib/telemetry/setup";
import { apiRequest, startAppEmulator, userToken } from "./support/app.ts";
import { SECRETS } from "../emulator/test/harness.ts";

const REDIS_TEST_URL = process.env.REDIS_TEST_URL;
const JWT = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\./;

let emu: RunningEmulator;
let telemetry: Telemetry;
const memory = new InMemorySpanExporter();
let me: (request: Request) => Promise<Response>;

beforeAll(async () => {
  emu = await startAppEmulator();
  if (REDIS_TEST_URL) process.env.REDIS_URL = REDIS_TEST_URL;
  const { startTelemetry } = await import("@/lib/telemetry/setup");
  telemetry = await startTelemetry({ env: {}, testExporters: [memory] });
  me = (await import("@/app/api/me/route")).GET;
});
afterAll(async () => {
  await telemetry?.shutdown();
  const { closeStore } = await import("@/lib/store");
  await closeStore();
  await emu?.close();
});

/** One request as Next runs it: inside a server span, so every span of the call shares its trace. */
async function tracedCall(token: string): Promise<{ res: Response; traceId: string; spans: ReadableSpan[] }> {
  memory.reset();
  const tracer = trace.getTracer("test");
  const { res, traceId } = await tracer.startActiveSpan("GET /api/me", async (span) => {
    const res = await me(apiRequest("/api/me", token));
    span.end();
    return { res, traceId: span.spanContext().traceId };
  });
  await (await import("@/lib/obo")).flushOboCache();
  return { res, traceId, spans: memory.getFinishedSpans() };
}

const named = (spans: ReadableSpan[], name: string) => spans.filter((s) => s.name === name);

describe("the spans of one /api/me call", () => {
  let token: string;
  let first: Awaited<ReturnType<typeof tracedCall>>;

  beforeAll(async () => {
    token = await userToken(emu, "adele");
    first = await tracedCall(token);
  });

  it("exports to the test exporter only (no OTLP, no Azure Monitor configured)", () => {
    expect(telemetry.exporters).toEqual(["test"]);
    expect(first.res.status).toBe(200);
  });

  it("validates the token (not remembered yet), misses the OBO cache, exchanges with the secret, calls Graph: one trace", () => {
    const { spans, traceId } = first;
    expect(named(spans, "auth.validate_bearer")[0].attributes["auth.validation.cached"]).toBe(false);
    const obo = named(spans, "obo.acquire_token")[0];
    expect(obo.attributes).toMatchObject({
      "obo.cache": "miss",
      "obo.source": "entra",
      "obo.scopes": "https://graph.microsoft.com/User.Read",
    });
    expect(named(spans, "obo.exchange")[0].attributes).toMatchObject({
      "obo.client_auth": "secret",
      "obo.claims_challenge": false,
    });
    expect(named(spans, "obo.exchange")[0].parentSpanContext?.spanId).toBe(obo.spanContext().spanId);
    const graph = named(spans, "graph.request")[0];
    expect(graph.attributes).toMatchObject({
      "http.request.method": "GET",
      "url.path": "/graph/v1.0/me",
      "http.response.status_code": 200,
      "graph.identity": "delegated",
    });
    if (REDIS_TEST_URL) {
      const redis = spans.filter((s) => s.name.startsWith("redis "));
      expect(redis.length).toBeGreaterThan(0);
      expect(redis.every((s) => s.attributes["db.system.name"] === "redis")).toBe(true);
    }
    for (const span of spans.filter((s) => s.name !== "redis SET"))
      expect(span.spanContext().traceId, span.name).toBe(traceId);
  });

  it("a second call: the validation is remembered and the OBO token is a cache hit, with no exchange", async () => {
    const { spans, res } = await tracedCall(token);
    expect(res.status).toBe(200);
    expect(named(spans, "auth.validate_bearer")[0].attributes["auth.validation.cached"]).toBe(true);
    expect(named(spans, "obo.acquire_token")[0].attributes["obo.cache"]).toBe("hit");
    expect(named(spans, "obo.exchange")).toEqual([]);
  });

  it("no span name, attribute or event holds a token, a code or a secret", async () => {
    const graphToken = (
      await (
        await import("@/lib/obo")
      ).getAuthorizationHeader({ scopes: ["https://graph.microsoft.com/User.Read"], caller: await callerOf(token) })
    ).slice(7);
    for (const span of first.spans) {
      const text = JSON.stringify([span.name, span.attributes, span.events]);
      expect(text, span.name).not.toMatch(JWT);
      for (const secret of [token, graphToken, SECRETS.backend, SECRETS.frontend, token.slice(-20)])
        expect(text, span.name).not.toContain(secret);
    }
  });

  it("a failed validation names its check, not the token", async () => {
    const bad = `${token.slice(0, -4)}AAAA`;
    const { res, spans } = await tracedCall(bad);
    expect(res.status).toBe(401);
    const span = named(spans, "auth.validate_bearer")[0];
    expect(span.attributes).toMatchObject({ "auth.check": "signature", "error.type": "ERR_INVALID_TOKEN" });
    expect(JSON.stringify(span.attributes)).not.toContain(bad.slice(-30));
  });

  it("log lines written inside a span carry its trace id (pino's mixin)", async () => {
    const { log } = await import("@/lib/log");
    const { traceFields } = await import("@/lib/telemetry/trace");
    expect((log as unknown as Record<symbol, unknown>)[pino.symbols.mixinSym]).toBe(traceFields);
    const ids = trace.getTracer("test").startActiveSpan("work", (span) => {
      const fields = traceFields();
      span.end();
      return { fields, ctx: span.spanContext() };
    });
    expect(ids.fields).toEqual({ trace_id: ids.ctx.traceId, span_id: ids.ctx.spanId });
    expect(traceFields()).toEqual({});
  });
});

async function callerOf(token: string) {
  const { resolveCaller } = await import("@/lib/bearer");
  return resolveCaller(apiRequest("/api/me", token));
}
