// Entra's redirect URI rule as the app needs it to check a registration: exact, except that the port of an
// http loopback URI is ignored (Microsoft's "localhost exceptions"), so any local port is registered at once.
const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

function loopbackKey(uri: string): string | undefined {
  try {
    const u = new URL(uri);
    if (u.protocol !== "http:" || !LOOPBACK.has(u.hostname)) return undefined;
    return `${u.hostname}${uri.slice(uri.indexOf(u.host) + u.host.length)}`;
  } catch {
    return undefined;
  }
}

export function isRegisteredRedirectUri(registered: readonly string[] | undefined, uri: string): boolean {
  const key = loopbackKey(uri);
  return (registered ?? []).some((r) => r === uri || (key !== undefined && loopbackKey(r) === key));
}
