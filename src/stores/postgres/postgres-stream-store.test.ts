import { describeStreamStoreContract } from '../stream-store.contract.ts';
import { PostgresStreamStore } from './postgres-stream-store.ts';
import { openTestSchema } from './test-database.ts';

describeStreamStoreContract('PostgreSQL (fresh schema)', async ({ now }) => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresStreamStore(pool, { now }), close };
});
