import type { ResponseCacheEntry, ResponseCacheStore, ResponseCacheStoreOptions } from '../response-cache-store.ts';
import type { RedisClient } from './open-redis.ts';

const DELETE_EXPIRED = `
local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, key in ipairs(keys) do
  local expiresAt = redis.call('HGET', key, 'expiresAt')
  if expiresAt and tonumber(expiresAt) <= tonumber(ARGV[1]) then redis.call('DEL', key) end
end
if #keys > 0 then redis.call('ZREM', KEYS[1], unpack(keys)) end
return #keys`;

/** Redis's own TTL runs this long past an entry's expiry: the store's clock decides, Redis only cleans up. */
const GRACE_MS = 60_000;

/**
 * The response cache shared by every gateway instance: one hash per entry (its expiry and the
 * entry as JSON), with a Redis TTL so expired entries leave even if nobody sweeps. Bound its
 * memory with Redis's own `maxmemory` (docs/deploy.md).
 */
export class RedisResponseCacheStore implements ResponseCacheStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: { redis: RedisClient; prefix: string } & ResponseCacheStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = `${options.prefix}cache:`;
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<ResponseCacheEntry | undefined> {
    const [expiresAt, entry] = await this.#redis.hmget(this.#prefix + key, 'expiresAt', 'entry');
    if (!expiresAt || !entry || Number(expiresAt) <= this.#now()) return undefined;
    return JSON.parse(entry) as ResponseCacheEntry;
  }

  async set(entry: ResponseCacheEntry): Promise<void> {
    const key = this.#prefix + entry.key;
    const ttl = Math.max(entry.expiresAt - this.#now(), 0) + GRACE_MS;
    await this.#redis
      .multi()
      .del(key)
      .hset(key, 'expiresAt', String(entry.expiresAt), 'entry', JSON.stringify(entry))
      .pexpire(key, ttl)
      .zadd(this.#expiryIndex, entry.expiresAt, key)
      .exec();
  }

  async delete(key: string): Promise<void> {
    await this.#redis.multi().del(this.#prefix + key).zrem(this.#expiryIndex, this.#prefix + key).exec();
  }

  async deleteExpired(): Promise<number> {
    return (await this.#redis.eval(DELETE_EXPIRED, 1, this.#expiryIndex, this.#now())) as number;
  }

  get #expiryIndex(): string {
    return `${this.#prefix}expiry`;
  }
}
