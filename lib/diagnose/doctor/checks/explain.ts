import { diagnose, fromMsalError, isMsalLikeError, type Diagnosis } from "../../index";
import type { DoctorContext } from "../context";

/** The catalogue's diagnosis of a failed client-credentials call, when Entra refused it. */
export function explainClientCredentials(
  ctx: DoctorContext,
  err: unknown,
  clientId: string,
  scopes: string[],
): Diagnosis | undefined {
  return isMsalLikeError(err)
    ? diagnose(fromMsalError(err, { flow: "client-credentials", clientId, scopes }), ctx.facts)
    : undefined;
}
