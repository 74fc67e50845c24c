import "server-only";
import pino from "pino";
import { traceFields } from "@/lib/telemetry/trace";

// Tokens, secrets and cookies never reach the log: pino removes these paths before writing.
// Inside a trace (tracing on), each line carries its trace_id and span_id.
// LOG_FILE sends the log to a file instead of stdout (the e2e suite reads it for correlation ids).
const destination = process.env.LOG_FILE
  ? pino.destination({ dest: process.env.LOG_FILE, mkdir: true, sync: true })
  : undefined;

export const log = pino(
  {
    mixin: traceFields,
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
    redact: {
      paths: [
        "*.access_token",
        "*.refresh_token",
        "*.id_token",
        "*.accessToken",
        "*.refreshToken",
        "*.idToken",
        "*.assertion",
        "*.client_secret",
        "*.clientSecret",
        "*.privateKey",
        "*.authorization",
        "*.cookie",
        "*.code",
        "*.state",
        "*.spa_code",
        "*.code_verifier",
        "headers.authorization",
        "headers.cookie",
        "req.headers.authorization",
        "req.headers.cookie",
      ],
      censor: "[redacted]",
    },
  },
  destination,
);

// Free-form values from libraries (Auth.js's errors and debug data: URLs, cookies, token responses) are
// scrubbed before they are logged: keys that name a credential lose their value, and in text, JWTs,
// credential query parameters and Authorization values are cut out.
// ("value": Auth.js logs a created PKCE verifier, state or nonce as { value }.)
const SECRET_KEY = /token|secret|password|cookie|assertion|verifier|authorization|^value$|(^|_)(code|state|nonce)$/i;
const TEXT: Array<[RegExp, string]> = [
  [/eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g, "[redacted jwt]"],
  [
    /\b(code|state|nonce|spa_code|code_verifier|code_challenge|id_token|access_token|refresh_token|client_secret|client_assertion|assertion|session_state)=[^&#\s"',]+/gi,
    "$1=[redacted]",
  ],
  [
    /"(code|state|nonce|spa_code|code_verifier|id_token|access_token|refresh_token|client_secret|client_assertion)"\s*:\s*"[^"]*"/gi,
    '"$1":"[redacted]"',
  ],
  [/\b(Bearer|Basic)\s+[\w\-.~+/]+=*/g, "$1 [redacted]"],
];

export function scrubText(text: string): string {
  return TEXT.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return scrubText(value);
  if (value instanceof Error)
    return {
      name: value.name,
      message: scrubText(value.message),
      ...("code" in value && typeof value.code === "string" ? { code: value.code } : {}),
    };
  if (depth > 5) return "[…]";
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : scrub(v, depth + 1)]),
    );
  }
  return value;
}
