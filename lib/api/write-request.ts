import "server-only";
import type { z } from "zod";
import { resolveCaller, type Caller } from "@/lib/bearer";
import { isCrossSiteWrite } from "@/lib/csrf";
import { AppError } from "@/lib/errors";
import { check, graphId, idempotencyKey } from "@/lib/tasks/input";

// The input side of the API's write routes: who is calling (a cookie-authenticated write must come from
// this site), the path ids, the JSON body and the If-Match / Idempotency-Key headers, each refused with
// a 4xx AppError and a message that says what to send instead.

export const MAX_JSON_BYTES = 16 * 1024;

/** The caller of a write: a bearer token, or the session when the request comes from this site. */
export async function resolveWriteCaller(request: Request): Promise<Caller> {
  if (!request.headers.has("authorization") && isCrossSiteWrite(request.method, request.headers)) {
    throw new AppError(
      "ERR_FORBIDDEN",
      { rule: "same_origin" },
      { message: "Cross-site requests cannot change your data." },
    );
  }
  return resolveCaller(request);
}

/** A Graph id from the path (list or task), or 400. */
export function pathId(value: string, name: "list" | "task"): string {
  if (!graphId.safeParse(value).success)
    throw new AppError("ERR_BAD_REQUEST", {}, { message: `The ${name} id is not valid.` });
  return value;
}

/** The body as `schema` says, or 415 (not JSON), 413 (over 16 KB), 400 (malformed, or invalid fields). */
export async function jsonInput<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
  if (type !== "application/json") throw new AppError("ERR_UNSUPPORTED_MEDIA_TYPE");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > MAX_JSON_BYTES) throw new AppError("ERR_PAYLOAD_TOO_LARGE");
  let value: unknown;
  const text = await readCapped(request);
  try {
    value = JSON.parse(text);
  } catch {
    throw new AppError("ERR_BAD_REQUEST", {}, { message: "The body is not valid JSON." });
  }
  const checked = check(schema, value);
  if (!checked.ok)
    throw new AppError("ERR_BAD_REQUEST", { fields: checked.fields }, { message: Object.values(checked.fields)[0] });
  return checked.data;
}

/** The body as text, reading no further than the limit (a chunked body declares no length). */
async function readCapped(request: Request): Promise<string> {
  const reader = request.body?.getReader();
  if (!reader) return "";
  const chunks: Uint8Array[] = [];
  for (let size = 0; ;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_JSON_BYTES) {
      await reader.cancel().catch(() => {});
      throw new AppError("ERR_PAYLOAD_TOO_LARGE");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The Idempotency-Key header when sent (then it must be well formed). */
export function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.headers.get("idempotency-key");
  if (key === null) return undefined;
  if (!idempotencyKey.safeParse(key).success)
    throw new AppError(
      "ERR_BAD_REQUEST",
      {},
      { message: "Idempotency-Key must be 16 to 128 letters, digits, '-' or '_' (a UUID will do)." },
    );
  return key;
}

const ETAG = /^(W\/)?"[\x21\x23-\x7e]{1,256}"$/;

/** If-Match: the ETag the client read; required, so a change made elsewhere is never silently overwritten. */
export function ifMatchOf(request: Request): string {
  const value = request.headers.get("if-match");
  if (value === null) throw new AppError("ERR_PRECONDITION_REQUIRED");
  if (!ETAG.test(value.trim()))
    throw new AppError("ERR_BAD_REQUEST", {}, { message: "If-Match must be the task's etag as the API returned it." });
  return value.trim();
}
