import { after } from 'node:test';
import { describeRateLimitStoreContract } from '../rate-limit-store.contract.ts';
import { RedisRateLimitStore } from './redis-rate-limit-store.ts';
import { connectTestRedis, deleteKeys } from './testing/test-redis.ts';

const { redis, prefix, connect } = await connectTestRedis();
const second = await connect();
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
  second.disconnect();
});

let run = 0;
// Calls alternate between two connections (two instances) sharing the counters.
describeRateLimitStoreContract('Redis, two instances', async ({ now }) => {
  const scope = `${prefix}${++run}:`;
  const [a, b] = [new RedisRateLimitStore({ redis, prefix: scope, now }), new RedisRateLimitStore({ redis: second, prefix: scope, now })];
  let turn = 0;
  const pick = () => (turn++ % 2 ? a : b);
  return { consume: (input) => pick().consume(input), add: (input) => pick().add(input), peek: (input) => pick().peek(input) };
});
