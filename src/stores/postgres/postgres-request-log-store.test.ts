import { describeRequestLogStoreContract } from '../request-log-store.contract.ts';
import { PostgresRequestLogStore } from './postgres-request-log-store.ts';
import { openTestSchema } from './test-database.ts';

describeRequestLogStoreContract('PostgreSQL (fresh schema)', async () => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresRequestLogStore(pool), close };
});
