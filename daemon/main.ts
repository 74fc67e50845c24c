// `npm run daemon -- <command>`: a service caller with no user. Gets an app-only token with its
// certificate and calls the app's service API. Never prints secrets, keys or tokens.
import { loadDaemonConfig } from "./config.ts";
import { acquireServiceToken, describeError, describeToken } from "./token.ts";

const USAGE = `usage: npm run daemon -- <command>
  token            get a token and show its claims (aud, roles, azpacr; never the token)
  status           directory health from the service API
  disabled-users   list the tenant's disabled accounts (all pages)`;

class ApiError extends Error {}

async function callApi(apiUrl: string, path: string, token: string): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`${apiUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (err) {
    throw new ApiError(
      `cannot reach the service API at ${apiUrl} (${(err as Error).message}); is the app running? (DAEMON_API_URL)`,
    );
  }
  const body = (await res.json().catch(() => ({}))) as { error?: string; rule?: string; message?: string };
  if (!res.ok) {
    const what = [body.error, body.rule && `rule ${body.rule}`].filter(Boolean).join(", ");
    throw new ApiError(
      `the service API refused ${path} (${res.status}${what ? ` ${what}` : ""})${body.message ? `: ${body.message}` : ""}`,
    );
  }
  return body;
}

async function main(command: string | undefined): Promise<void> {
  if (!command || command === "help" || command === "--help") return void console.log(USAGE);
  if (!["token", "status", "disabled-users"].includes(command)) {
    console.error(`unknown command '${command}'\n${USAGE}`);
    process.exitCode = 2;
    return;
  }
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
        const params = new URLSearchParams();
        if (page) params.set("page", page);
        if (config.pageSize) params.set("top", String(config.pageSize));
        const query: string = params.size ? `?${params.toString()}` : "";
        const body = (await callApi(config.apiUrl, `/api/service/disabled-users${query}`, token)) as {
          items: unknown[];
          nextPage: string | null;
        };
        users.push(...body.items);
        page = body.nextPage;
      } while (page);
      return void console.log(JSON.stringify({ count: users.length, users }, null, 2));
    }
  }
}

main(process.argv[2]).catch((err: unknown) => {
  console.error(`daemon: ${describeError(err)}`);
  process.exitCode = 1;
});
