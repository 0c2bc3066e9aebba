import { describeKeyLimitsStoreContract } from '../key-limits-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteKeyLimitsStore } from './sqlite-key-limits-store.ts';

describeKeyLimitsStoreContract('SQLite (in memory)', async () => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteKeyLimitsStore(db), close: async () => db.close() };
});
