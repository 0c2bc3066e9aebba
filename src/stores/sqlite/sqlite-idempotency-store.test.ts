import { describeIdempotencyStoreContract } from '../idempotency-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteIdempotencyStore } from './sqlite-idempotency-store.ts';

describeIdempotencyStoreContract('SQLite (in memory)', async ({ now }) => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteIdempotencyStore(db, { now }), close: async () => db.close() };
});
