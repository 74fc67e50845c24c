// `npm run daemon -- <command>`: a service caller with no user. Gets an app-only token with its
// certificate and calls the app's service API. Never prints secrets, keys or tokens.
import { loadDaemonConfig } from "./config.ts";
import { acquireServiceToken, describeToken } from "./token.ts";

const USAGE = `usage: npm run daemon -- <command>
  token            get a token and show its claims (aud, roles, azpacr; never the token)
  status           directory health from the service API
  disabled-users   list the tenant's disabled accounts (all pages)`;

async function callApi(apiUrl: string, path: string, token: string): Promise<unknown> {
  const res = await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(`${path} answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
}

async function main(command: string | undefined): Promise<void> {
  if (!command || command === "help" || command === "--help") return void console.log(USAGE);
  const config = loadDaemonConfig();
  const token = await acquireServiceToken(config);
  switch (command) {
    case "token":
      return void console.log(JSON.stringify(describeToken(token), null, 2));
    case "status":
      return void console.log(JSON.stringify(await callApi(config.apiUrl, "/api/service/status", token), null, 2));
    case "disabled-users": {
      const users: unknown[] = [];
      let page: string | null = null;
      do {
        const query: string = page ? `?page=${encodeURIComponent(page)}` : "";
        const body = (await callApi(config.apiUrl, `/api/service/disabled-users${query}`, token)) as { items: unknown[]; nextPage: string | null };
        users.push(...body.items);
        page = body.nextPage;
      } while (page);
      return void console.log(JSON.stringify({ count: users.length, users }, null, 2));
    }
    default:
      console.error(`unknown command '${command}'\n${USAGE}`);
      process.exitCode = 2;
  }
}

main(process.argv[2]).catch((err: unknown) => {
  // MSAL's ServerError carries the AADSTS code and Entra's message; show those, nothing else of the request.
  const e = err as { errorCode?: string; errorMessage?: string; message?: string };
  const aadsts = /AADSTS\d+/.exec(e.errorMessage ?? e.message ?? "")?.[0];
  console.error(`daemon: ${aadsts ? `the identity platform refused the token request (${aadsts}, ${e.errorCode}): ` : ""}${(e.errorMessage ?? e.message ?? String(err)).split("\r\n")[0].replace(/^AADSTS\d+: /, "")}`);
  process.exitCode = 1;
});
