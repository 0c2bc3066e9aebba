import { randomBytes } from 'node:crypto';
import { openRedis, type RedisClient } from '../open-redis.ts';

/** The Redis the tests use: `TEST_REDIS_URL`, or the local one CI starts (`.ci/run`). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A connection to the test Redis and a fresh random key prefix, so test files running in
 * parallel never see each other's keys. An unreachable Redis fails the test loudly: these
 * tests are the only proof the shared state works, so they must never pass by skipping.
 */
export async function connectTestRedis(name = 'switchyard-test'): Promise<{ redis: RedisClient; prefix: string; connect(): Promise<RedisClient> }> {
  const connect = async () => {
    try {
      return await openRedis(TEST_REDIS_URL, { name, noReconnect: true });
    } catch (error) {
      throw new Error(`${(error as Error).message.replace(/\.$/, '')}. These tests need a running Redis: start one (redis-server --save '' --appendonly no) or set TEST_REDIS_URL.`);
    }
  };
  return { redis: await connect(), prefix: `switchyard-test:${randomBytes(6).toString('hex')}:`, connect };
}

/** Deletes every key under `prefix` (a test's own, random). */
export async function deleteKeys(redis: RedisClient, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
}
