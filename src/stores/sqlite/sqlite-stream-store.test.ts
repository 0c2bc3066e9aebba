import { describeStreamStoreContract } from '../stream-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteStreamStore } from './sqlite-stream-store.ts';

describeStreamStoreContract('SQLite (in memory)', async ({ now }) => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteStreamStore(db, { now }), close: async () => db.close() };
});
