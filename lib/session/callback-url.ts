// Auth.js answers 500 ("a problem with the server configuration") to ANY of its endpoints when the
// request's `callbackUrl` parameter or its callback-url cookie is not an http(s) URL (its assertConfig
// check), so a crafted link or a forged cookie would break /api/auth/* for that browser until the cookie
// went away. Such a value is a redirect target Auth.js would refuse anyway: it is dropped before Auth.js
// sees the request, and the cookie is cleared in the answer.
import { NextRequest } from "next/server";

const CALLBACK_COOKIES = ["authjs.callback-url", "__Secure-authjs.callback-url"];

/** Auth.js's own test (isValidHttpUrl): an absolute http(s) URL, or a path on `base`. */
export function isValidCallbackUrl(value: string, base: string): boolean {
  try {
    return /^https?:/.test(new URL(value, value.startsWith("/") ? base : undefined).protocol);
  } catch {
    return false;
  }
}

function decode(value: string): string {
  try {
    return value.includes("%") ? decodeURIComponent(value) : value;
  } catch {
    return value;
  }
}

/** The request without invalid callback URLs (the same object when it has none) and the cookies to clear. */
export function withoutInvalidCallbackUrl(request: NextRequest): { request: NextRequest; cleared: string[] } {
  const url = new URL(request.url);
  const base = url.toString();
  let changed = false;
  const values = url.searchParams.getAll("callbackUrl");
  if (values.some((v) => !isValidCallbackUrl(v, base))) {
    url.searchParams.delete("callbackUrl");
    changed = true;
  }
  const cleared: string[] = [];
  const header = request.headers.get("cookie");
  let cookie = header;
  if (header && CALLBACK_COOKIES.some((name) => header.includes(name))) {
    const kept = header.split(";").filter((pair) => {
      const i = pair.indexOf("=");
      const name = (i < 0 ? pair : pair.slice(0, i)).trim();
      if (!CALLBACK_COOKIES.includes(name)) return true;
      let value = i < 0 ? "" : pair.slice(i + 1).trim();
      if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (isValidCallbackUrl(decode(value), base)) return true;
      cleared.push(name);
      return false;
    });
    if (cleared.length) {
      cookie = kept.join(";").trim();
      changed = true;
    }
  }
  if (!changed) return { request, cleared };
  const headers = new Headers(request.headers);
  if (cookie) headers.set("cookie", cookie);
  else headers.delete("cookie");
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  const init = {
    method: request.method,
    headers,
    body: hasBody ? request.body : undefined,
    signal: request.signal,
    ...(hasBody ? { duplex: "half" } : {}),
  };
  return { request: new NextRequest(url, init as ConstructorParameters<typeof NextRequest>[1]), cleared };
}

/** Wraps a NextAuth route handler with the check above. */
export function withValidCallbackUrl(
  handler: (request: NextRequest) => Promise<Response>,
): (request: NextRequest) => Promise<Response> {
  return async (incoming: NextRequest) => {
    const { request, cleared } = withoutInvalidCallbackUrl(incoming);
    const response = await handler(request);
    if (!cleared.length) return response;
    const secure = new URL(incoming.url).protocol === "https:";
    const headers = new Headers(response.headers);
    for (const name of cleared) {
      headers.append(
        "set-cookie",
        `${name}=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax${name.startsWith("__Secure-") || secure ? "; Secure" : ""}`,
      );
    }
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}
