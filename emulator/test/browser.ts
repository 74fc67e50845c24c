// A tiny cookie-jar "browser" over fetch that drives the emulator's sign-in, account picker, MFA and
// consent pages the way a person would, plus helpers for the token endpoint and the admin hooks.
import { createHash, randomBytes } from "node:crypto";
import type { RunningEmulator } from "../server.ts";

export const PASSWORD = "Passw0rd!";
export const USERS = {
  adele: "adele@contoso.onmicrosoft.com",
  alex: "alex@contoso.onmicrosoft.com",
  megan: "megan@contoso.onmicrosoft.com", // admin
  grady: "grady@contoso.onmicrosoft.com", // > 200 groups
  miriam: "miriam@contoso.onmicrosoft.com", // mfaRequired (code 123456)
  lee: "lee@contoso.onmicrosoft.com", // disabled
} as const;

export interface AuthorizeOptions {
  username?: string;
  password?: string;
  /** MFA code; defaults to the emulator's 123456. */
  otc?: string;
  /** What to do on a consent page; "none-expected" makes a consent page an error. Default "accept". */
  consent?: "accept" | "decline" | "none-expected";
  /** On the account picker: the UPN to pick; otherwise `username` if listed, else "Use another account". */
  account?: string;
  maxSteps?: number;
  /** Device code flow: the code to type on /devicelogin, and the answer to "Are you trying to sign in?". */
  userCode?: string;
  device?: "continue" | "cancel";
}

export interface AuthorizeResult {
  /** The final redirect to the client (query, fragment or form_post fields merged into params). */
  url?: URL;
  params: Record<string, string>;
  code?: string;
  state?: string;
  error?: string;
  errorDescription?: string;
  errorCodes?: number[];
  idToken?: string;
  clientInfo?: string;
  /** An emulator error page (never redirected: 90002, 700016, 50011, 90094, …). */
  errorPage?: { code: number; status: number; html: string };
  /** The error a sign-in or MFA page showed after a submit (e.g. "AADSTS50126: …"); the flow stops there. */
  pageError?: string;
  consentPagesSeen: number;
  signInPagesSeen: number;
  mfaPagesSeen: number;
  pickerPagesSeen: number;
  /** What the consent pages listed: one entry per permission. */
  consentItems: Array<{ client: string; resource: string; scope: string }>;
  /** Device code flow: the verification page's last word. */
  deviceOutcome?: string;
}

interface ParsedForm {
  page: string;
  action: string;
  fields: Record<string, string>;
  buttons: Array<{ name: string; value: string; label: string }>;
}

const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? unescape(m[1]) : undefined;
};

export function parseForm(html: string): ParsedForm | undefined {
  const m = /<form([^>]*)>([\s\S]*?)<\/form>/.exec(html);
  if (!m) return undefined;
  const fields: Record<string, string> = {};
  for (const input of m[2].match(/<input[^>]*>/g) ?? []) {
    const name = attr(input, "name");
    if (name && attr(input, "type") === "hidden") fields[name] = attr(input, "value") ?? "";
  }
  const buttons = [...m[2].matchAll(/<button([^>]*)>([\s\S]*?)<\/button>/g)].map((b) => ({
    name: attr(b[1], "name") ?? "",
    value: attr(b[1], "value") ?? "",
    label: b[2].replace(/<[^>]+>/g, " "),
  }));
  return { page: attr(m[1], "data-page") ?? "", action: attr(m[1], "action") ?? "", fields, buttons };
}

function resultFromParams(url: URL | undefined, params: Record<string, string>, r: AuthorizeResult): AuthorizeResult {
  const description = params.error_description;
  const codes = description
    ? [...description.matchAll(/AADSTS(\d+)/g)].map((x) => Number(x[1])).slice(0, 1)
    : undefined;
  return {
    ...r,
    url,
    params,
    code: params.code,
    state: params.state,
    error: params.error,
    errorDescription: description,
    errorCodes: codes,
    idToken: params.id_token,
    clientInfo: params.client_info,
  };
}

export class TestBrowser {
  readonly cookies = new Map<string, string>();

  /** fetch with this browser's cookies and no automatic redirects. */
  async request(url: string | URL, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set("cookie", [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(";");
      const i = pair.indexOf("=");
      const name = pair.slice(0, i).trim();
      const value = pair.slice(i + 1).trim();
      if (value) this.cookies.set(name, value);
      else this.cookies.delete(name);
    }
    return res;
  }

  private post(url: URL, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows /authorize through the emulator's pages until it redirects to the client (or stops on an error page). */
  async authorize(authorizeUrl: string | URL, opts: AuthorizeOptions = {}): Promise<AuthorizeResult> {
    const start = new URL(authorizeUrl);
    const r: AuthorizeResult = {
      params: {},
      consentPagesSeen: 0,
      signInPagesSeen: 0,
      mfaPagesSeen: 0,
      pickerPagesSeen: 0,
      consentItems: [],
    };
    let res = await this.request(start);
    let current = start;
    let submitted = "";
    for (let step = 0; step < (opts.maxSteps ?? 15); step++) {
      if (res.status === 302 || res.status === 303) {
        const location = new URL(res.headers.get("location")!, current);
        if (location.origin !== start.origin) {
          const params = Object.fromEntries([...location.searchParams, ...new URLSearchParams(location.hash.slice(1))]);
          return resultFromParams(location, params, r);
        }
        current = location;
        res = await this.request(location);
        continue;
      }
      const html = await res.text();
      const form = parseForm(html);
      const errorCode = /data-page="error" data-code="(\d+)"/.exec(html);
      if (errorCode) return { ...r, errorPage: { code: Number(errorCode[1]), status: res.status, html } };
      const device = /data-page="device-result" data-outcome="(\w+)"/.exec(html);
      if (device) return { ...r, deviceOutcome: device[1] };
      if (!form)
        throw new Error(`TestBrowser: unexpected page (HTTP ${res.status}) at ${current}: ${html.slice(0, 300)}`);
      const action = new URL(form.action, current);
      const shownError = /<p class="error"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1];
      if (shownError && submitted === form.page) return { ...r, pageError: unescape(shownError) };
      submitted = form.page;
      switch (form.page) {
        case "signin":
          r.signInPagesSeen++;
          res = await this.post(action, {
            ...form.fields,
            username: opts.username ?? "",
            password: opts.password ?? PASSWORD,
          });
          break;
        case "select": {
          r.pickerPagesSeen++;
          const want = opts.account ?? opts.username;
          const pick =
            form.buttons.find((b) => want && b.label.includes(want)) ?? form.buttons.find((b) => b.value === "other")!;
          res = await this.post(action, { ...form.fields, [pick.name]: pick.value });
          break;
        }
        case "mfa":
          r.mfaPagesSeen++;
          res = await this.post(action, { ...form.fields, otc: opts.otc ?? "123456" });
          break;
        case "consent": {
          r.consentPagesSeen++;
          for (const li of html.matchAll(/<li data-client="([^"]*)" data-resource="([^"]*)" data-scope="([^"]*)"/g)) {
            r.consentItems.push({ client: li[1], resource: li[2], scope: unescape(li[3]) });
          }
          const choice = opts.consent ?? "accept";
          if (choice === "none-expected")
            throw new Error(`TestBrowser: unexpected consent page for ${JSON.stringify(r.consentItems)}`);
          res = await this.post(action, { ...form.fields, [choice]: "1" });
          break;
        }
        case "devicecode":
          res = await this.post(action, { otc: opts.userCode ?? "" });
          break;
        case "device":
          res = await this.post(action, { ...form.fields, [opts.device ?? "continue"]: "1" });
          break;
        case "form_post":
          return resultFromParams(action, form.fields, r);
        default:
          throw new Error(`TestBrowser: unknown page '${form.page}'`);
      }
      current = action;
    }
    throw new Error("TestBrowser: too many steps");
  }
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString("base64url");
  return { verifier, challenge: createHash("sha256").update(verifier).digest("base64url") };
}

export interface AuthCodeOptions extends AuthorizeOptions {
  emulator: RunningEmulator;
  clientId: string;
  redirectUri: string;
  scopes: string[];
  tenant?: string;
  prompt?: string;
  claims?: string;
  loginHint?: string;
  responseMode?: "query" | "fragment" | "form_post";
  /** Set false to leave out code_challenge. */
  pkce?: boolean;
  browser?: TestBrowser;
  extra?: Record<string, string>;
}

export function authorizeUrl(
  o: Omit<AuthCodeOptions, "browser">,
  pkce?: { challenge: string },
  state = randomBytes(8).toString("hex"),
  nonce = randomBytes(8).toString("hex"),
): URL {
  const url = new URL(`${o.emulator.url}/${o.tenant ?? o.emulator.ctx.config.tenant.id}/oauth2/v2.0/authorize`);
  const p = url.searchParams;
  p.set("client_id", o.clientId);
  p.set("response_type", "code");
  p.set("redirect_uri", o.redirectUri);
  p.set("scope", o.scopes.join(" "));
  p.set("state", state);
  p.set("nonce", nonce);
  p.set("client_info", "1");
  if (o.responseMode) p.set("response_mode", o.responseMode);
  if (pkce) {
    p.set("code_challenge", pkce.challenge);
    p.set("code_challenge_method", "S256");
  }
  if (o.prompt) p.set("prompt", o.prompt);
  if (o.claims) p.set("claims", o.claims);
  if (o.loginHint) p.set("login_hint", o.loginHint);
  for (const [k, v] of Object.entries(o.extra ?? {})) p.set(k, v);
  return url;
}

/** Auth code + PKCE through the pages; throws unless the emulator redirected back with a code. */
export async function authCodeWithPkce(o: AuthCodeOptions): Promise<{
  code: string;
  verifier: string;
  challenge: string;
  state: string;
  nonce: string;
  result: AuthorizeResult;
  browser: TestBrowser;
}> {
  const browser = o.browser ?? new TestBrowser();
  const pkce = pkcePair();
  const state = randomBytes(8).toString("hex");
  const nonce = randomBytes(8).toString("hex");
  const result = await browser.authorize(authorizeUrl(o, o.pkce === false ? undefined : pkce, state, nonce), o);
  if (!result.code)
    throw new Error(
      `authCodeWithPkce: no code (${result.error ?? result.pageError ?? result.errorPage?.code}: ${result.errorDescription ?? ""})`,
    );
  return { code: result.code, ...pkce, state, nonce, result, browser };
}

export interface TokenResponse {
  status: number;
  body: Record<string, any>;
  headers: Headers;
}

export async function postToken(
  emulator: RunningEmulator,
  params: Record<string, string | undefined>,
  opts: {
    origin?: string;
    basic?: [string, string];
    tenant?: string;
    method?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<TokenResponse> {
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded;charset=utf-8",
    ...opts.headers,
  };
  if (opts.origin) headers.origin = opts.origin;
  if (opts.basic)
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(opts.basic[0])}:${encodeURIComponent(opts.basic[1])}`).toString("base64")}`;
  const body = new URLSearchParams(
    Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined),
  ).toString();
  const method = opts.method ?? "POST";
  const res = await fetch(`${emulator.url}/${opts.tenant ?? emulator.ctx.config.tenant.id}/oauth2/v2.0/token`, {
    method,
    headers,
    body: method === "GET" ? undefined : body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, any>, headers: res.headers };
}

export function redeemCode(
  emulator: RunningEmulator,
  o: {
    clientId: string;
    code: string;
    redirectUri: string;
    verifier?: string;
    scopes?: string[];
    clientSecret?: string;
    origin?: string;
    tenant?: string;
    extra?: Record<string, string>;
  },
): Promise<TokenResponse> {
  const params = {
    grant_type: "authorization_code",
    client_id: o.clientId,
    code: o.code,
    redirect_uri: o.redirectUri,
    code_verifier: o.verifier,
    scope: o.scopes?.join(" "),
    client_secret: o.clientSecret,
    client_info: "1",
  };
  return postToken(emulator, { ...params, ...o.extra }, { origin: o.origin, tenant: o.tenant });
}

export function refresh(
  emulator: RunningEmulator,
  o: {
    clientId: string;
    refreshToken: string;
    scopes?: string[];
    clientSecret?: string;
    origin?: string;
    claims?: string;
  },
): Promise<TokenResponse> {
  const params = {
    grant_type: "refresh_token",
    client_id: o.clientId,
    refresh_token: o.refreshToken,
    scope: o.scopes?.join(" "),
    client_secret: o.clientSecret,
    claims: o.claims,
  };
  return postToken(emulator, params, { origin: o.origin });
}

export async function admin<T = any>(
  emulator: RunningEmulator,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${emulator.url}/_admin${path}`, {
    method,
    headers: method === "GET" ? {} : { "content-type": "application/json" },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`admin ${method} ${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Asserts nothing; returns the standard error-envelope fields for a compact expect(). */
export function envelope(body: Record<string, any>): { error: string; code: number; hasEnvelope: boolean } {
  const hasEnvelope =
    typeof body.error_description === "string" &&
    /^AADSTS\d+: [\s\S]*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/.test(
      body.error_description,
    ) &&
    Array.isArray(body.error_codes) &&
    typeof body.timestamp === "string" &&
    typeof body.trace_id === "string" &&
    typeof body.correlation_id === "string" &&
    body.error_uri === `https://login.microsoftonline.com/error?code=${body.error_codes[0]}`;
  return { error: body.error, code: body.error_codes?.[0], hasEnvelope };
}
