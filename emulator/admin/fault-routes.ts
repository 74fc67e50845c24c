// The admin hooks on injected faults (../faults.ts): add one, list them, clear them.
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import { sendJson } from "../http.ts";
import { postJson, type Route } from "./route.ts";

const faultBody = z.object({
  target: z.enum(["authorize", "token", "graph", "discovery", "jwks"]),
  aadsts: z.number().int().positive().optional(),
  status: z.number().int().min(100).max(599).optional(),
  retryAfterSeconds: z.number().int().nonnegative().optional(),
  delayMs: z.number().int().min(0).max(60_000).optional(),
  match: z.string().optional(),
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE", "write"]).optional(),
  count: z.number().int().positive().optional(),
});

export function faultRoutes(ctx: EmulatorContext): Route[] {
  return [
    postJson("/_admin/faults", faultBody, (body, res) => {
      ctx.faults.add(body);
      sendJson(res, 201, { faults: ctx.faults.list() });
    }),
    { method: "GET", path: "/_admin/faults", run: (_req, res) => sendJson(res, 200, { faults: ctx.faults.list() }) },
    {
      method: "DELETE",
      path: "/_admin/faults",
      run: (_req, res) => {
        ctx.faults.clear();
        sendJson(res, 200, { ok: true });
      },
    },
  ];
}
