import { describeResponseCacheStoreContract } from '../response-cache-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteResponseCacheStore } from './sqlite-response-cache-store.ts';

describeResponseCacheStoreContract('SQLite (in memory)', async ({ now }) => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteResponseCacheStore(db, { now }), close: async () => db.close() };
});
