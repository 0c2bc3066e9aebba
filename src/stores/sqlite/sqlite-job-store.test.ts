import { describeJobStoreContract } from '../../jobs/job-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteJobStore } from './sqlite-job-store.ts';

describeJobStoreContract('SQLite (in memory)', async ({ now }) => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteJobStore(db, { now }), close: async () => db.close() };
});
