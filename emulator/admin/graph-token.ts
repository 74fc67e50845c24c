// A delegated Graph token minted out of band, the same way /token mints one, for tests that need to act
// on Graph as the user from "another app" (e.g. change a task between a page's render and its submit).
import type { EmulatorContext } from "../context.ts";
import { findApp, findUser, graphApp } from "../identity/directory.ts";
import { mintUserAccessToken } from "../identity/tokens.ts";

export async function mintGraphTokenFor(
  ctx: EmulatorContext,
  req: { user: string; clientAppId: string; scope: string },
): Promise<string | undefined> {
  const user = findUser(ctx.config, req.user);
  const client = findApp(ctx.config, req.clientAppId);
  if (!user || !client) return undefined;
  const { token } = await mintUserAccessToken(ctx, {
    tenantId: ctx.config.tenant.id,
    user,
    client,
    clientAcr: "1",
    resource: graphApp(ctx.config),
    audience: "https://graph.microsoft.com",
    scopes: req.scope.split(/\s+/).filter(Boolean),
    roles: [],
    amr: ["pwd"],
    authTime: ctx.clock.now(),
  });
  return token;
}
