import "server-only";
import pino from "pino";

// Tokens, secrets and cookies never reach the log: pino removes these paths before writing.
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
});
