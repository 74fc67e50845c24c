import "server-only";
// At sign-in, what targeting needs of the user: the group ids from the access token, or from Graph when
// the token has too many to carry (overage), through the same call the Groups page makes. Bounded in
// time: a slow or refused Graph call signs the user in anyway, targeted by id and percentile only.
import { sessionTokenCaller } from "@/lib/bearer";
import { getMyGroups } from "@/lib/graph";
import { log } from "@/lib/log";
import { rolloutRuntime } from "./runtime";
import { groupsInToken, targetingRecord, type TargetingRecord } from "./targeting";

const OVERAGE_TIMEOUT_MS = 5_000;

export async function rememberTargeting(session: {
  accessToken: string;
  oid: string;
  tid: string;
}): Promise<TargetingRecord> {
  const fromToken = groupsInToken(session.accessToken);
  let record = targetingRecord(fromToken.groups, fromToken.overage, !fromToken.overage);
  if (fromToken.overage) {
    try {
      const list = await withTimeout(getMyGroups(sessionTokenCaller(session)), OVERAGE_TIMEOUT_MS);
      record = targetingRecord(
        list.groups.map((g) => g.id),
        true,
        true,
      );
    } catch (err) {
      const code = (err as { code?: string }).code ?? (err as Error).message;
      log.warn(
        { oid: session.oid, code },
        "rollout: the overage user's groups could not be read from Graph; targeting by user and percentile only",
      );
    }
  }
  await rolloutRuntime().targeting.save(session.oid, record);
  return record;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timed out")), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
