// Redis as Azure's clustered tiers offer it: a real Redis Cluster (three masters, one replica each, on
// loopback) behind two instances of the image (REDIS_CLUSTER_NODES). A session made on one instance is
// served by the other with one OBO exchange across both; then the master holding that session is killed
// mid-run: requests keep being served while its replica takes over (the store's commands wait and retry
// through the failover, README "Redis"), none answers 5xx, and the session survives with no new sign-in.
import type { ChildProcess } from "node:child_process";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { emulatorEvents, resetEmulator, signInAtEmulator, USERS } from "./support/emulator";
import { externalTenantEnv } from "./support/external-tenant";
import { assembleImage, removeImage, startImage, waitForServer } from "./support/image";
import { RedisCluster } from "./support/redis-cluster";

const A = `http://localhost:${process.env.E2E_SECOND_PORT ?? "3101"}`;
const B = `http://localhost:${process.env.E2E_RESTART_PORT ?? "3103"}`;
const PORTS = [7440, 7441, 7442, 7443, 7444, 7445];
const OBO = "urn:ietf:params:oauth:grant-type:jwt-bearer";
const ADELE_ID = "a1b2c3d4-1111-4aaa-8bbb-000000000001";

test.describe.configure({ mode: "serial" });

const cluster = new RedisCluster(PORTS);
let dir = "";
const servers: ChildProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(180_000);
  await cluster.start();
  dir = assembleImage();
  for (const url of [A, B]) {
    const env = {
      ...externalTenantEnv(dir, url),
      REDIS_CLUSTER_NODES: PORTS.slice(0, 3)
        .map((p) => `127.0.0.1:${p}`)
        .join(","),
      LOG_LEVEL: "warn",
    };
    const server = startImage(dir, env);
    server.stdout!.resume();
    server.stderr!.resume();
    servers.push(server);
  }
  await Promise.all(servers.map((s, i) => waitForServer(`${[A, B][i]}/healthz`, s)));
});

test.afterAll(() => {
  for (const s of servers) if (s.exitCode === null) s.kill("SIGKILL");
  cluster.stop();
  if (dir) removeImage(dir);
});

const oboCount = async (request: APIRequestContext) =>
  (await emulatorEvents(request, "token", USERS.adele)).filter((e) => e.data?.grantType === OBO).length;
const signIns = async (request: APIRequestContext) =>
  (await emulatorEvents(request, "sign_in", USERS.adele)).length +
  (await emulatorEvents(request, "sso", USERS.adele)).length;

test("two instances share sessions and OBO tokens in the cluster; killing the master that holds the session loses nothing", async ({
  page,
  request,
}) => {
  test.setTimeout(120_000);
  await resetEmulator(request);
  for (const base of [A, B])
    expect((await (await request.get(`${base}/readyz`)).json()) as { checks: Record<string, string> }).toMatchObject({
      status: "ready",
      checks: { redis: "ok" },
    });

  await page.goto(`${A}/profile`);
  await signInAtEmulator(page, USERS.adele, A);
  await page.waitForURL(`${A}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  const obo = await oboCount(request);
  expect(obo).toBeGreaterThanOrEqual(1);
  const signedIn = await signIns(request);

  // Instance B: the same session (cookies go by host, not port) and the OBO token A cached in the cluster.
  await page.goto(`${B}/profile`);
  await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  expect(await oboCount(request)).toBe(obo);

  // The master holding the session dies; its replica has had the session for seconds (asynchronous replication).
  const victim = cluster.masterHolding("eda:session:*");
  expect(victim).toBeDefined();
  cluster.kill(victim!);
  const statuses: number[] = [];
  const failedOver = cluster.failedOver(victim!);
  let done = false;
  void failedOver.finally(() => (done = true));
  for (let i = 0; !done || i < 4; i++) {
    const res = await page.request.get(`${i % 2 ? B : A}/api/me`, { timeout: 15_000 });
    statuses.push(res.status());
    if (res.ok()) expect(((await res.json()) as { id: string }).id).toBe(ADELE_ID);
    if (i > 200) break;
  }
  await failedOver;
  expect(
    statuses.filter((s) => s >= 500),
    `statuses during the failover: ${statuses.join(",")}`,
  ).toEqual([]);
  expect(statuses.length).toBeGreaterThanOrEqual(4);

  // After the failover: both instances still know the session; nobody signed in again.
  for (const base of [A, B]) {
    await page.goto(`${base}/profile`);
    await expect(page).toHaveURL(`${base}/profile`);
    await expect(page.getByTestId("profile-name")).toHaveText("Adele Vance");
  }
  expect(await signIns(request)).toBe(signedIn);
});
