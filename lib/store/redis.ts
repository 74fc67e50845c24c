import "server-only";
import { Redis, type RedisOptions } from "ioredis";
import { log } from "@/lib/log";
import type { CounterStore, KvStore } from "./types";

// Compare-and-delete must be one atomic step, or a lock that expired and was taken by another
// instance between the GET and the DEL would be released by the wrong owner.
const DEL_IF_EQUALS = `if redis.call("GET", KEYS[1]) == ARGV[1] then return redis.call("DEL", KEYS[1]) else return 0 end`;

export class RedisStore implements KvStore, CounterStore {
  readonly kind = "redis" as const;
  readonly client: Redis;

  constructor(url: string, options: RedisOptions = {}) {
    this.client = new Redis(url, { maxRetriesPerRequest: 2, lazyConnect: false, ...options });
    this.client.defineCommand("delIfEquals", { numberOfKeys: 1, lua: DEL_IF_EQUALS });
    // ioredis reconnects by itself; without a listener each failed attempt is an unhandled 'error' event.
    this.client.on("error", (err: Error) => log.warn({ err: err.message }, "redis connection error"));
  }

  async get(key: string): Promise<string | undefined> {
    return (await this.client.get(key)) ?? undefined;
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.client.set(key, value, "PX", toMs(ttlSeconds));
  }

  async del(key: string): Promise<void> {
    await this.client.del(key);
  }

  async setIfAbsent(key: string, value: string, ttlSeconds: number): Promise<boolean> {
    return (await this.client.set(key, value, "PX", toMs(ttlSeconds), "NX")) === "OK";
  }

  async delIfEquals(key: string, value: string): Promise<boolean> {
    const deleted = await (this.client as unknown as { delIfEquals(k: string, v: string): Promise<number> }).delIfEquals(key, value);
    return deleted === 1;
  }

  async incrementFields(key: string, amounts: Record<string, number>, ttlSeconds: number): Promise<void> {
    const pipeline = this.client.multi();
    for (const [field, amount] of Object.entries(amounts)) pipeline.hincrbyfloat(key, field, amount);
    pipeline.pexpire(key, toMs(ttlSeconds));
    await pipeline.exec();
  }

  async readFields(key: string): Promise<Record<string, number>> {
    const raw = await this.client.hgetall(key);
    return Object.fromEntries(Object.entries(raw).map(([field, value]) => [field, Number(value)]));
  }

  async close(): Promise<void> {
    await this.client.quit();
  }
}

function toMs(ttlSeconds: number): number {
  if (!(ttlSeconds > 0)) throw new RangeError("ttlSeconds must be > 0");
  return Math.max(1, Math.round(ttlSeconds * 1000));
}
