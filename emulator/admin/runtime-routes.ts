// The admin hooks on the running emulator itself: reset, the event log, the signing keys, the clock and
// the users' IdP sessions.
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import type { EventType } from "../events.ts";
import { sendJson } from "../http.ts";
import { findUser } from "../identity/directory.ts";
import { identityState } from "../identity/state.ts";
import { todoStore } from "../graph/todo-store.ts";
import { postJson, userOid, type Route } from "./route.ts";

const clockBody = z.union([
  z.object({ advanceSeconds: z.number() }),
  z.object({ reset: z.literal(true) }),
  z.object({ freeze: z.literal(true), at: z.number().optional() }),
]);
const userBody = z.object({ user: z.string().min(1) });

export function runtimeRoutes(ctx: EmulatorContext): Route[] {
  const state = identityState(ctx);
  return [
    {
      method: "POST",
      path: "/_admin/reset",
      run: (_req, res) => {
        state.reset();
        todoStore(ctx).reset();
        ctx.events.clear();
        ctx.faults.clear();
        ctx.clock.reset();
        sendJson(res, 200, { ok: true });
      },
    },
    {
      method: "GET",
      path: "/_admin/events",
      run: (req, res) => {
        const q = req.url.searchParams;
        const since = q.get("since");
        sendJson(res, 200, {
          events: ctx.events.list({
            type: (q.get("type") as EventType) || undefined,
            user: userOid(ctx, q.get("user")),
            since: since ? Number(since) : undefined,
          }),
        });
      },
    },
    { method: "POST", path: "/_admin/keys/rotate", run: (_req, res) => sendJson(res, 200, { kid: ctx.keys.rotate() }) },
    postJson("/_admin/clock", clockBody, (body, res) => {
      if ("advanceSeconds" in body) ctx.clock.advance(body.advanceSeconds);
      else if ("freeze" in body) ctx.clock.freeze(body.at);
      else ctx.clock.reset();
      sendJson(res, 200, { now: ctx.clock.now() });
    }),
    postJson("/_admin/sessions/revoke", userBody, (body, res) => {
      const user = findUser(ctx.config, body.user);
      if (!user) return sendJson(res, 404, { error: "not_found", error_description: `No user '${body.user}'.` });
      state.revokeUser(user.oid);
      sendJson(res, 200, { ok: true, user: user.oid });
    }),
  ];
}
