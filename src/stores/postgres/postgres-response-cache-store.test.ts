import { describeResponseCacheStoreContract } from '../response-cache-store.contract.ts';
import { PostgresResponseCacheStore } from './postgres-response-cache-store.ts';
import { openTestSchema } from './test-database.ts';

describeResponseCacheStoreContract('PostgreSQL (fresh schema)', async ({ now }) => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresResponseCacheStore(pool, { now }), close };
});
