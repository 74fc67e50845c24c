// The device code flow (RFC 8628, as Entra runs it): the device asks /devicecode for a code, the user
// enters it on the verification page (/devicelogin, Entra's microsoft.com/devicelogin) and signs in there
// through the emulator's ordinary account, MFA and consent pages, then confirms the app; meanwhile the
// device polls /token (token/device-code.ts).
import { randomInt } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { EmulatorContext } from "../context.ts";
import { formParams, sendHtml, sendJson, type Request } from "../http.ts";
import { startFlow } from "./authorize.ts";
import { parseClaims } from "./claims.ts";
import { resolveTenant, tenantAndClient } from "./directory.ts";
import { aadsts, AadstsError, errorFields } from "./errors.ts";
import { deviceCodePage } from "./pages.ts";
import { parseScopes } from "./scopes.ts";
import { identityState, opaque, type DeviceAuthorization } from "./state.ts";

export const DEVICE_CODE_LIFETIME_SECONDS = 900;
export const DEVICE_POLL_INTERVAL_SECONDS = 5;
export const DEVICE_LOGIN_PATH = "/devicelogin";
// Letters and digits a person reads off a screen without confusing them (no 0/O, 1/I).
const USER_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

const userCode = () =>
  Array.from({ length: 9 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join("");

/** POST /{tenant}/oauth2/v2.0/devicecode: client_id and scope in; the codes and where to enter them out. */
export function handleDeviceCode(ctx: EmulatorContext, segment: string, req: Request, res: ServerResponse): void {
  const form = formParams(req);
  try {
    if (req.method !== "POST") throw aadsts(900561, { method: req.method });
    const found = tenantAndClient(ctx.config, segment, form.get("client_id"));
    if (found instanceof AadstsError) throw found;
    const { tenant, client } = found;
    const scope = form.get("scope");
    if (!scope) throw aadsts(900144, { name: "scope" });
    parseScopes(ctx, scope);
    const now = ctx.clock.now();
    const d: DeviceAuthorization = {
      deviceCode: `DAQABIQEAAAB${opaque(96)}`,
      userCode: userCode(),
      clientId: client.appId,
      tenantId: tenant.tenantId,
      tenantSegment: segment,
      scope,
      claims: parseClaims(form.get("claims")),
      issuedAt: now,
      expiresAt: now + DEVICE_CODE_LIFETIME_SECONDS,
      interval: DEVICE_POLL_INTERVAL_SECONDS,
      status: "pending",
    };
    identityState(ctx).deviceCodes.set(d.deviceCode, d);
    const uri = `${ctx.baseUrl}${DEVICE_LOGIN_PATH}`;
    sendJson(res, 200, {
      user_code: d.userCode,
      device_code: d.deviceCode,
      verification_uri: uri,
      expires_in: DEVICE_CODE_LIFETIME_SECONDS,
      interval: d.interval,
      message: `To sign in, use a web browser to open the page ${uri} and enter the code ${d.userCode} to authenticate.`,
    });
  } catch (err) {
    if (!(err instanceof AadstsError)) throw err;
    sendJson(res, err.status, errorFields(ctx, err, form.get("client-request-id") ?? undefined));
  }
}

/** GET /devicelogin shows the code form; POST checks the code and starts the sign-in for it. */
export function handleDeviceLogin(ctx: EmulatorContext, req: Request, res: ServerResponse): Promise<void> | void {
  if (req.method !== "POST") return sendHtml(res, 200, deviceCodePage(ctx));
  const typed = (formParams(req).get("otc") ?? "").toUpperCase().replace(/[^A-Z0-9]/g, "");
  const d = [...identityState(ctx).deviceCodes.values()].find((x) => x.userCode === typed && x.status === "pending");
  const retry = (err: AadstsError) =>
    sendHtml(res, 200, deviceCodePage(ctx, { code: typed, error: `AADSTS${err.code}: ${err.text}` }));
  if (!d) return retry(aadsts(70018));
  if (ctx.clock.now() >= d.expiresAt) return retry(aadsts(70019));
  const tenant = resolveTenant(ctx.config, d.tenantSegment)!;
  return startFlow(
    ctx,
    req,
    res,
    tenant,
    "device",
    {
      clientId: d.clientId,
      redirectUri: "",
      platform: "publicClient",
      responseTypes: new Set(),
      responseMode: "query",
      scope: d.scope,
      prompt: "select_account",
      claims: d.claims,
      clientInfo: false,
    },
    { deviceCode: d.deviceCode },
  );
}
