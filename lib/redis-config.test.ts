import { describe, expect, it } from "vitest";
import { parseRedisConfig } from "./redis-config";

const parse = (env: Record<string, string>) => {
  const problems: string[] = [];
  return { config: parseRedisConfig(env, problems), problems };
};

describe("parseRedisConfig", () => {
  it("nothing set: no Redis (in-memory store)", () => {
    expect(parse({})).toEqual({ config: undefined, problems: [] });
  });

  it("REDIS_URL: one server, redis:// or rediss:// (TLS, Azure Cache for Redis on 6380)", () => {
    expect(parse({ REDIS_URL: "rediss://:key@contoso.redis.cache.windows.net:6380" }).config).toEqual({
      mode: "standalone",
      url: "rediss://:key@contoso.redis.cache.windows.net:6380",
    });
    expect(parse({ REDIS_URL: "http://x" }).problems).toEqual([
      "REDIS_URL must look like redis://127.0.0.1:6379 or rediss://host:6380",
    ]);
  });

  it("REDIS_CLUSTER_NODES: seed nodes with the shared credentials and TLS", () => {
    expect(parse({ REDIS_CLUSTER_NODES: "10.0.0.4:6379, [::1]:7000", REDIS_PASSWORD: "pw", REDIS_TLS: "on" })).toEqual({
      config: {
        mode: "cluster",
        nodes: [
          { host: "10.0.0.4", port: 6379 },
          { host: "::1", port: 7000 },
        ],
        tls: true,
        password: "pw",
      },
      problems: [],
    });
    expect(parse({ REDIS_CLUSTER_NODES: "10.0.0.4" }).problems).toEqual([
      "REDIS_CLUSTER_NODES must be comma-separated host:port pairs such as 10.0.0.4:6379,10.0.0.5:6379; '10.0.0.4' is not one",
    ]);
  });

  it("REDIS_SENTINELS: the master's name (default mymaster) and the Sentinels' own password", () => {
    expect(
      parse({ REDIS_SENTINELS: "s1:26379,s2:26379", REDIS_SENTINEL_MASTER: "sessions", REDIS_SENTINEL_PASSWORD: "sp" })
        .config,
    ).toEqual({
      mode: "sentinel",
      sentinels: [
        { host: "s1", port: 26379 },
        { host: "s2", port: 26379 },
      ],
      masterName: "sessions",
      sentinelPassword: "sp",
      tls: false,
    });
    expect(parse({ REDIS_SENTINELS: "s1:26379" }).config).toMatchObject({ masterName: "mymaster" });
  });

  it("two topologies at once, or a bad REDIS_TLS, is a configuration error", () => {
    expect(parse({ REDIS_URL: "redis://a:1", REDIS_CLUSTER_NODES: "b:2" }).problems).toEqual([
      "Set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS (found REDIS_URL, REDIS_CLUSTER_NODES)",
    ]);
    expect(parse({ REDIS_CLUSTER_NODES: "b:2", REDIS_TLS: "yes" }).problems).toEqual([
      "REDIS_TLS must be 'on' or 'off'",
    ]);
  });
});
