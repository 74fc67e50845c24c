// Where Redis is, as the environment says it: one server (REDIS_URL, redis:// or rediss:// for TLS, as
// Azure Cache for Redis and Azure Managed Redis serve it on 6380/10000), a Redis Cluster
// (REDIS_CLUSTER_NODES), or a master behind Sentinels (REDIS_SENTINELS). Pure parsing; lib/config.ts
// reports the problems with the rest of the configuration.

export interface RedisNode {
  host: string;
  port: number;
}

/** Credentials and TLS for cluster nodes and Sentinel-managed servers (a URL carries its own). */
export interface RedisAuth {
  tls: boolean;
  username?: string;
  password?: string;
}

export type RedisConfig =
  | { mode: "standalone"; url: string }
  | ({ mode: "cluster"; nodes: RedisNode[] } & RedisAuth)
  | ({ mode: "sentinel"; sentinels: RedisNode[]; masterName: string; sentinelPassword?: string } & RedisAuth);

const NODE = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/;

function parseNodes(name: string, raw: string, problems: string[]): RedisNode[] {
  const nodes: RedisNode[] = [];
  for (const entry of raw
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const m = NODE.exec(entry);
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535)
      problems.push(
        `${name} must be comma-separated host:port pairs such as 10.0.0.4:6379,10.0.0.5:6379; '${entry}' is not one`,
      );
    else nodes.push({ host: m[1].replace(/^\[|\]$/g, ""), port });
  }
  if (nodes.length === 0 && problems.length === 0) problems.push(`${name} is set but names no host:port`);
  return nodes;
}

export function parseRedisConfig(env: Record<string, string | undefined>, problems: string[]): RedisConfig | undefined {
  const set = ["REDIS_URL", "REDIS_CLUSTER_NODES", "REDIS_SENTINELS"].filter((k) => env[k]);
  if (set.length > 1) {
    problems.push(`Set only one of REDIS_URL, REDIS_CLUSTER_NODES and REDIS_SENTINELS (found ${set.join(", ")})`);
    return undefined;
  }
  if (env.REDIS_URL) {
    if (!/^rediss?:\/\/\S+$/.test(env.REDIS_URL))
      problems.push("REDIS_URL must look like redis://127.0.0.1:6379 or rediss://host:6380");
    return { mode: "standalone", url: env.REDIS_URL };
  }
  if (env.REDIS_TLS && !["on", "off"].includes(env.REDIS_TLS)) problems.push("REDIS_TLS must be 'on' or 'off'");
  const auth: RedisAuth = {
    tls: env.REDIS_TLS === "on",
    ...(env.REDIS_USERNAME ? { username: env.REDIS_USERNAME } : {}),
    ...(env.REDIS_PASSWORD ? { password: env.REDIS_PASSWORD } : {}),
  };
  const local: string[] = [];
  if (env.REDIS_CLUSTER_NODES) {
    const nodes = parseNodes("REDIS_CLUSTER_NODES", env.REDIS_CLUSTER_NODES, local);
    problems.push(...local);
    return { mode: "cluster", nodes, ...auth };
  }
  if (env.REDIS_SENTINELS) {
    const sentinels = parseNodes("REDIS_SENTINELS", env.REDIS_SENTINELS, local);
    problems.push(...local);
    const masterName = env.REDIS_SENTINEL_MASTER ?? "mymaster";
    return {
      mode: "sentinel",
      sentinels,
      masterName,
      ...(env.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: env.REDIS_SENTINEL_PASSWORD } : {}),
      ...auth,
    };
  }
  return undefined;
}
