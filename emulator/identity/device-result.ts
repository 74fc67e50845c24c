// The end of a device-code sign-in in the browser: the user approved (the device's next poll gets tokens)
// or declined. Apart from device-code.ts, which starts that sign-in through authorize.ts's flow.
import type { ServerResponse } from "node:http";
import type { User } from "../config.ts";
import type { EmulatorContext } from "../context.ts";
import { sendHtml } from "../http.ts";
import { findApp } from "./directory.ts";
import { aadsts } from "./errors.ts";
import { deviceResultPage } from "./pages.ts";
import { showErrorPage } from "./respond.ts";
import { identityState, type DeviceAuthorization, type Pending, type Session } from "./state.ts";

function pendingDevice(ctx: EmulatorContext, p: Pending): DeviceAuthorization | undefined {
  const state = identityState(ctx);
  state.pending.delete(p.id);
  const d = p.deviceCode ? state.deviceCodes.get(p.deviceCode) : undefined;
  return d && d.status === "pending" && ctx.clock.now() < d.expiresAt ? d : undefined;
}

/** The user signed in, consented and confirmed: the device's next poll gets tokens for this session. */
export function approveDevice(
  ctx: EmulatorContext,
  res: ServerResponse,
  p: Pending,
  session: Session,
  user: User,
  cookies: string[],
): void {
  const d = pendingDevice(ctx, p);
  if (!d) return showErrorPage(ctx, res, aadsts(70019), p.params.clientId);
  Object.assign(d, {
    status: "approved",
    userOid: user.oid,
    amr: [...session.amr],
    authTime: session.authTime,
    sid: session.sid,
  });
  if (!session.clients.includes(d.clientId)) session.clients.push(d.clientId);
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  sendHtml(res, 200, deviceResultPage(ctx, { appName: findApp(ctx.config, d.clientId)!.displayName, approved: true }));
}

/** Cancel on the confirmation page, or a declined consent: the device's next poll is authorization_declined. */
export function declineDevice(ctx: EmulatorContext, res: ServerResponse, p: Pending, user?: string): void {
  const d = pendingDevice(ctx, p);
  if (d) d.status = "declined";
  ctx.events.record("consent_declined", { user, clientId: p.params.clientId });
  sendHtml(
    res,
    200,
    deviceResultPage(ctx, { appName: findApp(ctx.config, p.params.clientId)!.displayName, approved: false }),
  );
}
