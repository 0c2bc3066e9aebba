import { describeJobStoreContract } from '../../jobs/job-store.contract.ts';
import { PostgresJobStore } from './postgres-job-store.ts';
import { openTestSchema } from './test-database.ts';

describeJobStoreContract('PostgreSQL (fresh schema)', async ({ now }) => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresJobStore(pool, { now }), close };
});
