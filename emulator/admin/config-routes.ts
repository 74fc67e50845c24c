// The admin hooks that change a registration (known clients, front-channel logout URL) or mint a token as
// someone else would hold it (a workload identity's, another app's delegated Graph token).
import { z } from "zod";
import type { EmulatorContext } from "../context.ts";
import { sendJson } from "../http.ts";
import { findApp } from "../identity/directory.ts";
import { mintWorkloadToken } from "../workload-issuer.ts";
import { mintGraphTokenFor } from "./graph-token.ts";
import { postJson, uuid, type Route } from "./route.ts";

const knownClientsBody = z.object({ resourceAppId: uuid, knownClientApplications: z.array(uuid) });
const logoutUrlBody = z.object({ appId: uuid, logoutUrl: z.string().url().nullable() });
const graphTokenBody = z.object({ user: z.string().min(1), clientAppId: uuid, scope: z.string().min(1).max(1000) });
const workloadTokenBody = z.object({
  subject: z.string().min(1).max(256),
  audience: z.string().min(1).max(256).optional(),
  lifetimeSeconds: z.number().int().min(-86_400).max(86_400).optional(),
});

export function configRoutes(ctx: EmulatorContext): Route[] {
  return [
    postJson("/_admin/config/known-clients", knownClientsBody, (body, res) => {
      const app = findApp(ctx.config, body.resourceAppId);
      if (!app) return sendJson(res, 404, { error: "not_found", error_description: "Unknown resource app." });
      app.api.knownClientApplications = body.knownClientApplications;
      sendJson(res, 200, { resourceAppId: app.appId, knownClientApplications: app.api.knownClientApplications });
    }),
    postJson("/_admin/workload-token", workloadTokenBody, async (body, res) => {
      sendJson(res, 201, { token: await mintWorkloadToken(ctx, body) });
    }),
    postJson("/_admin/graph-token", graphTokenBody, async (body, res) => {
      const token = await mintGraphTokenFor(ctx, body);
      if (!token) return sendJson(res, 404, { error: "not_found", error_description: "Unknown user or client app." });
      sendJson(res, 201, { token });
    }),
    postJson("/_admin/config/logout-url", logoutUrlBody, (body, res) => {
      const app = findApp(ctx.config, body.appId);
      if (!app) return sendJson(res, 404, { error: "not_found", error_description: "Unknown app." });
      app.web.logoutUrl = body.logoutUrl ?? undefined;
      sendJson(res, 200, { appId: app.appId, logoutUrl: app.web.logoutUrl ?? null });
    }),
  ];
}
