// grant_type=urn:ietf:params:oauth:grant-type:device_code (RFC 8628 §3.4-3.5): the device polls until the
// user approved on the verification page (identity/device-code.ts). A client that polls faster than the
// interval is told slow_down and must wait 5 s longer from then on.
import { findUser } from "../directory.ts";
import { aadsts } from "../errors.ts";
import { identityState, type DeviceAuthorization } from "../state.ts";
import { authenticateClient } from "./client-auth.ts";
import { consentedTarget, isUser, requireMfa, requireParam, type GrantHandler } from "./context.ts";
import { issueDelegated } from "./issue.ts";

const SLOW_DOWN_STEP_SECONDS = 5;

/** Polling pace is wall-clock time (the client's timer), not the emulator's movable clock. */
function checkPollingPace(d: DeviceAuthorization): void {
  const now = Date.now();
  const tooSoon = d.lastPollMs !== undefined && now - d.lastPollMs < d.interval * 1000;
  d.lastPollMs = now;
  if (!tooSoon) return;
  d.interval += SLOW_DOWN_STEP_SECONDS;
  throw aadsts(70016, {}, { error: "slow_down" });
}

export const deviceCode: GrantHandler = async (call) => {
  const { ctx, form, client } = call;
  const d = identityState(ctx).deviceCodes.get(requireParam(form, "device_code"));
  if (!d || d.clientId !== client.appId) throw aadsts(70018);
  // A public client ("Allow public client flows") polls without a secret; a confidential one authenticates.
  const acr = await authenticateClient(ctx, client, call.creds, { required: !client.isFallbackPublicClient });
  if (ctx.clock.now() >= d.expiresAt) throw aadsts(70019);
  if (d.status === "declined") throw aadsts(65004, {}, { error: "authorization_declined" });
  if (d.status === "redeemed") throw aadsts(70000, { reason: "The device code was already redeemed." });
  if (d.status === "pending") {
    checkPollingPace(d);
    throw aadsts(70016);
  }
  const user = findUser(ctx.config, d.userOid);
  if (!isUser(user)) throw aadsts(50057);
  const amr = d.amr ?? ["pwd"];
  const target = consentedTarget(call, user, d.scope);
  requireMfa(user, target.resource, d.claims, amr);
  d.status = "redeemed";
  return issueDelegated(call, acr, user, target, {
    signIn: { tenantId: d.tenantId, amr, authTime: d.authTime ?? ctx.clock.now(), sid: d.sid },
    claims: d.claims,
    platform: "publicClient",
    requestScope: d.scope,
  });
};
