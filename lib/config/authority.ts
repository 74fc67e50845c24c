/** Hosts whose instance metadata MSAL knows already; any other authority host must go in knownAuthorities. */
const MICROSOFT_HOSTS = [
  "login.microsoftonline.com",
  "login.microsoft.com",
  "login.windows.net",
  "login.microsoftonline.us",
  "login.partner.microsoftonline.cn",
];

/** MSAL's knownAuthorities for an authority host: empty for Microsoft's own hosts, else ["host:port"]. */
export function knownAuthoritiesFor(instance: string): string[] {
  const url = new URL(instance);
  return MICROSOFT_HOSTS.includes(url.hostname) ? [] : [url.host];
}
