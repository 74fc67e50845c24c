// Auth.js's own logger, through pino: its errors, warnings and (at LOG_LEVEL=debug) its debug data, each
// scrubbed first (lib/log.ts), since they carry callback URLs, cookies and token responses. Its errors
// also tell /auth/error what a bare "Configuration" error was (lib/diagnose/auth-error.ts).
import "server-only";
import { noteAuthjsError } from "@/lib/diagnose/auth-error";
import { log, scrub, scrubText } from "@/lib/log";

type Described = Error & { type?: string; cause?: unknown };

export const authjsLogger = {
  error(error: Error) {
    noteAuthjsError(error);
    const e = error as Described;
    const type = e.type ?? e.name;
    // Auth.js wraps what failed as cause: { err, ...details }, or as the cause itself.
    const { err, ...details } =
      e.cause instanceof Error
        ? { err: e.cause }
        : e.cause && typeof e.cause === "object"
          ? (e.cause as { err?: unknown })
          : {};
    const fields: Record<string, unknown> = { authjs: type, message: scrubText(e.message) };
    if (err instanceof Error) fields.cause = scrub(err);
    if (Object.keys(details).length) fields.details = scrub(details);
    log.error(fields, `auth: ${type}`);
  },
  warn(code: string) {
    log.warn({ authjs: code }, `auth: ${code}`);
  },
  debug(message: string, metadata?: unknown) {
    log.debug({ authjs: message, details: scrub(metadata) }, "auth: debug");
  },
};

/** Auth.js calls debug() only with `debug: true`; it follows the log level. */
export const authjsDebug = () => log.isLevelEnabled("debug");
