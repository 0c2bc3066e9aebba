import { after } from 'node:test';
import { describeHealthStoreContract } from '../health-store.contract.ts';
import { RedisHealthStore } from './redis-health-store.ts';
import { connectTestRedis, deleteKeys } from './testing/test-redis.ts';

const { redis, prefix, connect } = await connectTestRedis();
after(async () => {
  await deleteKeys(redis, prefix);
  redis.disconnect();
});

let run = 0;
// Two instances, each with its own connection, sharing one Redis; every test gets fresh keys.
describeHealthStoreContract('Redis, two instances', async (config) => {
  const scope = `${prefix}${++run}:`;
  const connections = [await connect(), await connect()];
  return {
    stores: connections.map((connection) => new RedisHealthStore({ redis: connection, prefix: scope, config })),
    close: async () => {
      for (const connection of connections) connection.disconnect();
    },
  };
});
