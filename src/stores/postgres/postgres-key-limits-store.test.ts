import { describeKeyLimitsStoreContract } from '../key-limits-store.contract.ts';
import { PostgresKeyLimitsStore } from './postgres-key-limits-store.ts';
import { openTestSchema } from './test-database.ts';

describeKeyLimitsStoreContract('PostgreSQL (fresh schema)', async () => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresKeyLimitsStore(pool), close };
});
