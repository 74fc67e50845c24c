// Spans written by others (Next's request spans, instrumentations) are scrubbed before any exporter sees them.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { describe, expect, it } from "vitest";
import { RedactingSpanProcessor, redactText } from "./redact";

const JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

describe("redactText", () => {
  it("removes the sign-in callback's code and state, and any JWT", () => {
    expect(redactText("GET /api/auth/callback/microsoft-entra-id?code=0.AAAbc-def&state=xyz&iss=https%3A%2F%2Fx")).toBe(
      "GET /api/auth/callback/microsoft-entra-id?code=[redacted]&state=[redacted]&iss=https%3A%2F%2Fx",
    );
    expect(redactText(`/spa-redirect#code=abc&client_info=1`)).toBe("/spa-redirect#code=[redacted]&client_info=1");
    expect(redactText(`token ${JWT} here`)).toBe("token [redacted] here");
    expect(redactText("/api/me")).toBe("/api/me");
  });
});

describe("RedactingSpanProcessor", () => {
  it("scrubs a span's name, attributes and event attributes before export", () => {
    const memory = new InMemorySpanExporter();
    const provider = new BasicTracerProvider({
      spanProcessors: [new RedactingSpanProcessor(), new SimpleSpanProcessor(memory)],
    });
    const span = provider.getTracer("t").startSpan("GET /api/auth/callback/microsoft-entra-id?code=SECRETCODE&state=S");
    span.setAttributes({
      "http.target": "/api/auth/callback/microsoft-entra-id?code=SECRETCODE",
      "http.request.header.authorization": "Bearer abc",
      "http.status_code": 302,
      "next.route": "/api/auth/[...nextauth]",
    });
    span.addEvent("exception", { "exception.message": `bad token ${JWT}` });
    span.end();
    const [out] = memory.getFinishedSpans();
    expect(out.name).toBe("GET /api/auth/callback/microsoft-entra-id?code=[redacted]&state=[redacted]");
    expect(out.attributes).toEqual({
      "http.target": "/api/auth/callback/microsoft-entra-id?code=[redacted]",
      "http.request.header.authorization": "[redacted]",
      "http.status_code": 302,
      "next.route": "/api/auth/[...nextauth]",
    });
    expect(out.events[0].attributes).toEqual({ "exception.message": "bad token [redacted]" });
    expect(JSON.stringify([out.name, out.attributes, out.events])).not.toContain("SECRETCODE");
  });
});
