import "server-only";
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from "ioredis";
import type { RedisConfig } from "@/lib/redis-config";

// The ioredis client for each topology. Commands are retried through a failover instead of failing the
// request: a cluster master that stops answering is replaced by its replica after cluster-node-timeout
// plus an election (Azure: seconds), and a command aimed at it waits FAILOVER_RETRY_MS between tries,
// FAILOVER_TRIES times (about 5 s), before the request gets the error.
const FAILOVER_RETRY_MS = 250;
const FAILOVER_TRIES = 20;

export const BASE_OPTIONS: RedisOptions = { maxRetriesPerRequest: 2, connectTimeout: 5_000 };

const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");

/** A TLS option that validates the server's certificate against the configured host name. */
function tlsFor(host: string): RedisOptions["tls"] {
  return isIp(host) ? {} : { servername: host };
}

export function createRedisClient(config: RedisConfig, options: RedisOptions = {}): Redis | Cluster {
  switch (config.mode) {
    case "standalone":
      return new Redis(config.url, { ...BASE_OPTIONS, ...options });
    case "cluster": {
      const { keyPrefix, ...nodeOptions } = options;
      const first = config.nodes[0].host;
      const clusterOptions: ClusterOptions = {
        keyPrefix,
        redisOptions: {
          ...BASE_OPTIONS,
          ...nodeOptions,
          username: config.username,
          password: config.password,
          ...(config.tls ? { tls: tlsFor(first) } : {}),
        },
        // CLUSTER SLOTS answers with IPs; with TLS the host name must stay what the certificate names (Azure).
        ...(config.tls && !isIp(first)
          ? { dnsLookup: (address: string, callback: (err: null, address: string) => void) => callback(null, address) }
          : {}),
        retryDelayOnFailover: FAILOVER_RETRY_MS,
        retryDelayOnClusterDown: FAILOVER_RETRY_MS,
        retryDelayOnTryAgain: FAILOVER_RETRY_MS,
        maxRedirections: FAILOVER_TRIES,
        slotsRefreshTimeout: 2_000,
      };
      return new Cluster(config.nodes, clusterOptions);
    }
    case "sentinel":
      return new Redis({
        ...BASE_OPTIONS,
        ...options,
        sentinels: config.sentinels,
        name: config.masterName,
        username: config.username,
        password: config.password,
        sentinelPassword: config.sentinelPassword,
        ...(config.tls ? { tls: {}, enableTLSForSentinelMode: true } : {}),
        // A failover moves the master: reconnect to the new one rather than fail for good.
        sentinelRetryStrategy: (times: number) => Math.min(times * 200, 2_000),
      });
  }
}
