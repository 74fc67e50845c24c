// What every admin hook shares: its route shape (routes.ts) and the JSON body check (400 naming each issue).
import type { ServerResponse } from "node:http";
import { z } from "zod";
import { jsonBody, sendJson, type Request } from "../http.ts";
import type { RouteSpec } from "../routes.ts";
import type { EmulatorContext } from "../context.ts";
import { findUser } from "../identity/directory.ts";

export const uuid = z.string().regex(/^[0-9a-f-]{36}$/i);

export interface Route extends RouteSpec {
  run: (req: Request, res: ServerResponse) => Promise<void> | void;
}

function parse<T>(schema: z.ZodType<T>, req: Request, res: ServerResponse): T | undefined {
  const result = schema.safeParse(jsonBody(req) ?? {});
  if (result.success) return result.data;
  sendJson(res, 400, {
    error: "invalid_request",
    issues: result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
  });
  return undefined;
}

/** A POST hook that takes a JSON body: 400 (naming each issue) unless the body matches `schema`. */
export function postJson<T>(
  path: string,
  schema: z.ZodType<T>,
  run: (body: T, res: ServerResponse) => Promise<void> | void,
): Route {
  return {
    method: "POST",
    path,
    run: (req, res) => {
      const body = parse(schema, req, res);
      return body === undefined ? undefined : run(body, res);
    },
  };
}

/** A user named by UPN or object id, as its object id (an unknown name is kept as it is). */
export function userOid(ctx: EmulatorContext, ref: string | null | undefined): string | undefined {
  return ref ? (findUser(ctx.config, ref)?.oid ?? ref) : undefined;
}
