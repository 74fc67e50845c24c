// A JWT's lifetime as the token endpoint checks it: client assertions (client-auth.ts) and OBO user
// assertions (on-behalf-of.ts) alike allow 5 minutes of clock skew on `nbf`.
import type { EmulatorContext } from "../../context.ts";

const SKEW_SECONDS = 300;

/** Seconds since the epoch as the ISO time error descriptions quote. */
export const dateOf = (seconds: number) => new Date(seconds * 1000).toISOString();

/** `now`, the claims read as numbers, and whether `now` is outside the token's lifetime (no usable `exp` counts). */
export function lifetime(
  ctx: EmulatorContext,
  claims: { exp?: unknown; nbf?: unknown },
): { now: number; exp: number; nbf: number; outside: boolean } {
  const now = ctx.clock.now();
  const exp = Number(claims.exp);
  const nbf = Number(claims.nbf ?? 0);
  return { now, exp, nbf, outside: !Number.isFinite(exp) || exp <= now || nbf > now + SKEW_SECONDS };
}
