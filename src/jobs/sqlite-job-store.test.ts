import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { describeJobStoreContract } from './job-store.contract.ts';
import { SqliteJobStore } from './sqlite-job-store.ts';

describeJobStoreContract('SQLite (in memory)', async ({ now }) => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteJobStore(db, { now }), close: async () => db.close() };
});
