import { after } from 'node:test';
import { describeIdempotencyStoreContract } from '../idempotency-store.contract.ts';
import { RedisIdempotencyStore } from './redis-idempotency-store.ts';
import { connectTestRedis, deleteKeys } from './testing/test-redis.ts';

const { redis, prefix } = await connectTestRedis();
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

let run = 0;
describeIdempotencyStoreContract('Redis', async ({ now }) => ({
  store: new RedisIdempotencyStore({ redis, prefix: `${prefix}${++run}:`, now }),
  close: async () => {},
}));
