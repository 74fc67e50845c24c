import "server-only";
import pino from "pino";

// Tokens, secrets and cookies never reach the log: pino removes these paths before writing.
// LOG_FILE sends the log to a file instead of stdout (the e2e suite reads it for correlation ids).
const destination = process.env.LOG_FILE ? pino.destination({ dest: process.env.LOG_FILE, mkdir: true, sync: true }) : undefined;

export const log = pino({
  level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
  redact: {
    paths: [
      "*.access_token", "*.refresh_token", "*.id_token", "*.accessToken", "*.refreshToken", "*.idToken",
      "*.assertion", "*.client_secret", "*.clientSecret", "*.privateKey", "*.authorization", "*.cookie",
      "headers.authorization", "headers.cookie", "req.headers.authorization", "req.headers.cookie",
    ],
    censor: "[redacted]",
  },
}, destination);
