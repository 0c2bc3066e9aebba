import { describeIdempotencyStoreContract } from '../idempotency-store.contract.ts';
import { PostgresIdempotencyStore } from './postgres-idempotency-store.ts';
import { openTestSchema } from './test-database.ts';

describeIdempotencyStoreContract('PostgreSQL (fresh schema)', async ({ now }) => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresIdempotencyStore(pool, { now }), close };
});
