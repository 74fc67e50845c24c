import "server-only";
import pino from "pino";
import { traceFields } from "@/lib/telemetry/trace";

// Tokens, secrets and cookies never reach the log: pino removes these paths before writing.
// Inside a trace (tracing on), each line carries its trace_id and span_id.
export const log = pino({
  mixin: traceFields,
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: {
    paths: [
      "*.access_token", "*.refresh_token", "*.id_token", "*.accessToken", "*.refreshToken", "*.idToken",
      "*.assertion", "*.client_secret", "*.clientSecret", "*.privateKey", "*.authorization", "*.cookie",
      "headers.authorization", "headers.cookie", "req.headers.authorization", "req.headers.cookie",
    ],
    censor: "[redacted]",
  },
});
