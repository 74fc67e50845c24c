// Load with isolation: 50 connections, 1,000 requests on /api/me with the bearer tokens of 500 distinct users,
// served by the real route handler behind a plain Node HTTP server (a `next start` needs a build, which
// npm test makes only after vitest; the multi-instance e2e spec covers the built server). Zero 5xx, and
// every body is the profile of the caller whose token was sent: no cross-user leak under concurrency.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import autocannon from "autocannon";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningEmulator } from "../emulator/server.ts";
import { startAppEmulator, userToken } from "./support/app.ts";

const USERS = 500;
const REQUESTS = 2 * USERS; // every user twice, round robin
let emu: RunningEmulator;
let server: Server;
let base: string;

beforeAll(async () => {
  emu = await startAppEmulator((file) => {
    file.generatedUsers = { count: USERS, password: "Passw0rd!" };
  });
  const { GET } = await import("@/app/api/me/route");
  server = createServer(async (req, res) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const response = await GET(new Request(`http://localhost${req.url}`, { headers }));
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await emu?.close();
});

describe("GET /api/me under load", () => {
  // A fixed number of requests, not a duration: what is asserted (no 5xx, no cross-user answer, every user
  // served) must not depend on how fast a loaded machine is; speed is the benchmarks' business.
  it(
    "answers 500 users over 50 connections with no 5xx and never another user's profile",
    { timeout: 240_000 },
    async () => {
      const upns = emu.ctx.config.users
        .filter((u) => u.accountEnabled && !u.mfaRequired)
        .slice(-USERS)
        .map((u) => u.userPrincipalName);
      expect(upns.length).toBe(USERS);
      const tokens = await Promise.all(upns.map((upn) => userToken(emu, upn)));
      const oids = tokens.map((t) => decodeJwt(t).oid as string);
      let next = 0;
      const wrong: string[] = [];
      const statuses = new Map<number, number>();
      const result = await autocannon({
        url: `${base}/api/me`,
        connections: 50,
        amount: REQUESTS,
        timeout: 60, // seconds per request: a slow answer is not a failure here, a wrong or 5xx one is
        requests: [
          {
            method: "GET",
            setupRequest: (req, context) => {
              const i = next++ % USERS;
              (context as { user: number }).user = i;
              return { ...req, headers: { authorization: `Bearer ${tokens[i]}` } };
            },
            onResponse: (status, body, context) => {
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
              if (status !== 200) return;
              const user = (context as { user: number }).user;
              const id = (JSON.parse(body) as { id?: string }).id;
              if (id !== oids[user]) wrong.push(`${oids[user]} got ${id}`);
            },
          },
        ],
      });
      const total = [...statuses.values()].reduce((a, b) => a + b, 0);
      console.info(
        `load: ${total} responses, ${Math.round(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
      );
      expect(result.errors).toBe(0);
      expect(result["5xx"]).toBe(0);
      expect([...statuses.keys()]).toEqual([200]);
      expect(total).toBe(REQUESTS);
      expect(wrong).toEqual([]);
    },
  );
});
