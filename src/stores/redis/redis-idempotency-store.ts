import type { IdempotencyRecord, IdempotencyStore, IdempotencyStoreOptions } from '../idempotency-store.ts';
import type { RedisClient } from './open-redis.ts';

/**
 * First write wins: keeps an unexpired record (by the caller's clock, ARGV[1]), else writes
 * this one and indexes it by expiry for `deleteExpired`. The key's own TTL (ARGV[4]) is a
 * safety net a day past the expiry, so a gateway that never sweeps does not fill Redis.
 */
const PUT = `
local held = redis.call('HMGET', KEYS[1], 'expiresAt', 'record')
if held[1] and tonumber(held[1]) > tonumber(ARGV[1]) then return held[2] end
redis.call('HSET', KEYS[1], 'expiresAt', ARGV[2], 'record', ARGV[3])
redis.call('PEXPIRE', KEYS[1], ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[2], KEYS[1])
return ARGV[3]`;

const DELETE_EXPIRED = `
local keys = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
for _, key in ipairs(keys) do
  local expiresAt = redis.call('HGET', key, 'expiresAt')
  if expiresAt and tonumber(expiresAt) <= tonumber(ARGV[1]) then redis.call('DEL', key) end
end
if #keys > 0 then redis.call('ZREM', KEYS[1], unpack(keys)) end
return #keys`;

const SAFETY_TTL_MS = 24 * 60 * 60 * 1000;

/** Idempotency records in Redis, shared by every gateway instance; the clock is the caller's. */
export class RedisIdempotencyStore implements IdempotencyStore {
  readonly #redis: RedisClient;
  readonly #prefix: string;
  readonly #now: () => number;

  constructor(options: { redis: RedisClient; prefix: string } & IdempotencyStoreOptions) {
    this.#redis = options.redis;
    this.#prefix = options.prefix;
    this.#now = options.now ?? Date.now;
  }

  /** The key holding the record of `accountId` + `key` (`RedisIdempotentRequests` claims beside it). */
  recordKey(accountId: string, key: string): string {
    return `${this.#prefix}idempotency:${accountId.length}:${accountId}:${key}`;
  }

  async put(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    const now = this.#now();
    const ttl = Math.max(record.expiresAt - now, 0) + SAFETY_TTL_MS;
    const held = (await this.#redis.eval(PUT, 2, this.recordKey(record.accountId, record.key), this.#expiryIndex, now, record.expiresAt, JSON.stringify(record), ttl)) as string;
    return JSON.parse(held) as IdempotencyRecord;
  }

  async get(accountId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const [expiresAt, record] = await this.#redis.hmget(this.recordKey(accountId, key), 'expiresAt', 'record');
    if (!expiresAt || !record || Number(expiresAt) <= this.#now()) return undefined;
    return JSON.parse(record) as IdempotencyRecord;
  }

  async deleteExpired(): Promise<number> {
    return (await this.#redis.eval(DELETE_EXPIRED, 1, this.#expiryIndex, this.#now())) as number;
  }

  get #expiryIndex(): string {
    return `${this.#prefix}idempotency-expiry`;
  }
}
