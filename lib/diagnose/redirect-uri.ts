// Whether Entra accepts a redirect URI for a registration: exact, except that the port of a loopback
// http URI is ignored (Microsoft's "Redirect URI restrictions", localhost exceptions; RFC 8252 §7.3/§8.3),
// so `http://localhost/api/auth/callback/…` covers an app on any local port. Scheme, host, path and
// query stay exact. The emulator applies the same rule on its side (emulator/identity/redirect-uri.ts).

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

const loopback = (uri: string): URL | undefined => {
  try {
    const url = new URL(uri);
    return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname) ? url : undefined;
  } catch {
    return undefined;
  }
};

// The raw text after the authority: URL normalisation must not make "/cb/../x" equal "/x".
const afterAuthority = (uri: string) => {
  const slash = uri.indexOf("/", uri.indexOf("//") + 2);
  return slash < 0 ? "" : uri.slice(slash);
};

export function isRegisteredRedirectUri(registered: readonly string[] | undefined, uri: string): boolean {
  const requested = loopback(uri);
  return (registered ?? []).some((r) => {
    if (r === uri) return true;
    const candidate = requested && loopback(r);
    return !!candidate && candidate.hostname === requested.hostname && afterAuthority(r) === afterAuthority(uri);
  });
}
