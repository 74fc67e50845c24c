// Redirect URI matching as Entra does it: exact, except that the port of a loopback URI is ignored
// (Microsoft's "Redirect URI restrictions", localhost exceptions; RFC 8252 §7.3/§8.3), so a native or
// dev app may listen on any free port. Scheme, host, path and query stay exact.

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function parse(uri: string): URL | undefined {
  try {
    return new URL(uri);
  } catch {
    return undefined;
  }
}

function isLoopback(url: URL): boolean {
  return url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

// The raw text after the authority: URL normalisation must not make "/cb/../x" equal "/x".
function afterAuthority(uri: string): string {
  const slash = uri.indexOf("/", uri.indexOf("//") + 2);
  return slash < 0 ? "" : uri.slice(slash);
}

export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  const a = parse(registered);
  const b = parse(requested);
  if (!a || !b || !isLoopback(a) || !isLoopback(b)) return false;
  return (
    a.protocol === b.protocol && a.hostname === b.hostname && afterAuthority(registered) === afterAuthority(requested)
  );
}

export function matchesAny(registered: readonly string[], requested: string): boolean {
  return registered.some((r) => redirectUriMatches(r, requested));
}
