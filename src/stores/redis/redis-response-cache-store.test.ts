import { after } from 'node:test';
import { describeResponseCacheStoreContract } from '../response-cache-store.contract.ts';
import { RedisResponseCacheStore } from './redis-response-cache-store.ts';
import { connectTestRedis, deleteKeys } from './testing/test-redis.ts';

const { redis, prefix } = await connectTestRedis();
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

let run = 0;
describeResponseCacheStoreContract('Redis', async ({ now }) => ({
  store: new RedisResponseCacheStore({ redis, prefix: `${prefix}${++run}:`, now }),
  close: async () => {},
}));
