// Test helper: signs a tenant user in at the emulator without a browser (authorize → login form →
// consent if asked → code → token), the way NextAuth does for the frontend, and returns the token response.
import { createHash, randomBytes } from "node:crypto";

export interface TokenResponse {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  expires_in: number;
  scope?: string;
}

const REDIRECT_URI = "http://localhost:3000/api/auth/callback/microsoft-entra-id";

export async function signInForTokens(opts: {
  emulatorUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  scope: string;
  username: string;
  password?: string;
}): Promise<TokenResponse> {
  const verifier = randomBytes(32).toString("base64url");
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const authorize = new URL(`${opts.emulatorUrl}/${opts.tenantId}/oauth2/v2.0/authorize`);
  authorize.search = new URLSearchParams({
    client_id: opts.clientId,
    response_type: "code",
    redirect_uri: REDIRECT_URI,
    scope: opts.scope,
    code_challenge: challenge,
    code_challenge_method: "S256",
    response_mode: "query",
  }).toString();

  const jar = new Map<string, string>();
  const send = async (url: string, body?: URLSearchParams): Promise<Response> => {
    const response = await fetch(url, {
      method: body ? "POST" : "GET",
      redirect: "manual",
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join("; "),
        ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      },
      body,
    });
    for (const c of response.headers.getSetCookie()) {
      const [pair] = c.split(";");
      const i = pair!.indexOf("=");
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return response;
  };

  let response = await send(authorize.toString());
  for (let step = 0; step < 8; step++) {
    const location = response.headers.get("location");
    if (location?.startsWith(REDIRECT_URI)) {
      const params = new URL(location).searchParams;
      const code = params.get("code");
      if (!code) throw new Error(`authorize failed: ${params.get("error")} ${params.get("error_description")}`);
      return redeem(opts, code, verifier);
    }
    if (location) {
      response = await send(new URL(location, opts.emulatorUrl).toString());
      continue;
    }
    const html = await response.text();
    const form = html.match(/<form data-page="([^"]+)" method="post" action="([^"]+)">/);
    if (!form) throw new Error(`unexpected emulator page (${response.status}): ${html.slice(0, 300)}`);
    const [, page, action] = form;
    const hidden = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]),
    );
    const fields = new URLSearchParams(hidden);
    if (page === "login" || page === "password" || html.includes('name="password"')) {
      fields.set("username", opts.username);
      fields.set("password", opts.password ?? "Passw0rd!");
    } else if (page === "consent") {
      fields.set("accept", "1");
    } else throw new Error(`emulator page '${page}' is not handled by this helper`);
    response = await send(new URL(action!, opts.emulatorUrl).toString(), fields);
  }
  throw new Error("sign-in did not finish");
}

async function redeem(
  opts: { emulatorUrl: string; tenantId: string; clientId: string; clientSecret: string; scope: string },
  code: string,
  verifier: string,
): Promise<TokenResponse> {
  const response = await fetch(`${opts.emulatorUrl}/${opts.tenantId}/oauth2/v2.0/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: opts.clientId,
      client_secret: opts.clientSecret,
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    }),
  });
  const json = (await response.json()) as TokenResponse & { error?: string; error_description?: string };
  if (!response.ok) throw new Error(`token: ${json.error} ${json.error_description}`);
  return json;
}
