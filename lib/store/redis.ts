import "server-only";
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { log } from "@/lib/log";
import { inSpan, SpanKind } from "@/lib/telemetry/trace";
import { BASE_OPTIONS } from "./redis-client";
import type { CounterStore, KvStore } from "./types";

// Compare-and-delete must be one atomic step, or a lock that expired and was taken by another
// instance between the GET and the DEL would be released by the wrong owner.
const DEL_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

/** One span per command: the operation only (keys hold hashes of tokens and session ids: never recorded). */
const traced = <T>(operation: string, fn: () => Promise<T>): Promise<T> =>
  inSpan(
    `redis ${operation}`,
    { kind: SpanKind.CLIENT, attributes: { "db.system.name": "redis", "db.operation.name": operation } },
    fn,
  );

export class RedisStore implements KvStore, CounterStore {
  readonly kind = "redis" as const;
  readonly client: Redis | Cluster;

  /** A redis:// or rediss:// URL (one server), or a client made by createRedisClient (cluster, Sentinel). */
  constructor(target: string | Redis | Cluster, options: RedisOptions = {}) {
    this.client =
      typeof target === "string" ? new Redis(target, { ...BASE_OPTIONS, lazyConnect: false, ...options }) : target;
    this.client.defineCommand("delIfEquals", { numberOfKeys: 1, lua: DEL_IF_EQUALS });
    // ioredis reconnects by itself; without a listener each failed attempt is an unhandled 'error' event.
    this.client.on("error", (err: Error) => log.warn({ err: err.message }, "redis connection error"));
  }

  get(key: string): Promise<string | undefined> {
    return traced("GET", async () => (await this.client.get(key)) ?? undefined);
  }

  set(key: string, value: string, ttlSeconds: number): Promise<void> {
    return traced("SET", async () => void (await this.client.set(key, value, "PX", toMs(ttlSeconds))));
  }

  del(key: string): Promise<void> {
    return traced("DEL", async () => void (await this.client.del(key)));
  }

  setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return traced("SET", async () => (await this.client.set(key, value, "PX", toMs(ttlSeconds), "NX")) === "OK");
  }

  delIfEquals(key: string, value: string): Promise<boolean> {
    return traced(
      "EVALSHA",
      async () =>
        (await (this.client as unknown as { delIfEquals(k: string, v: string): Promise<number> }).delIfEquals(
          key,
          value,
        )) === 1,
    );
  }

  /** Readiness: Redis answers (a cluster: the node ioredis picks). */
  ping(): Promise<void> {
    return traced("PING", async () => void (await this.client.ping()));
  }

  incrementFields(key: string, amounts: Record<string, number>, ttlSeconds: number): Promise<void> {
    return traced("MULTI", async () => {
      const pipeline = this.client.multi();
      for (const [field, amount] of Object.entries(amounts)) pipeline.hincrbyfloat(key, field, amount);
      pipeline.pexpire(key, toMs(ttlSeconds));
      await pipeline.exec();
    });
  }

  readFields(key: string): Promise<Record<string, number>> {
    return traced("HGETALL", async () => {
      const raw = await this.client.hgetall(key);
      return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, Number(value)]));
    });
  }

  async close(): Promise<void> {
    await this.client.quit();
  }
}

function toMs(ttlSeconds: number): number {
  if (!(ttlSeconds > 0)) throw new RangeError("ttlSeconds must be > 0");
  return Math.max(1, Math.round(ttlSeconds * 1000));
}
