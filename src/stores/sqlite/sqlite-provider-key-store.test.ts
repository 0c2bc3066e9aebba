import { describeProviderKeyStoreContract } from '../provider-key-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteProviderKeyStore } from './sqlite-provider-key-store.ts';

describeProviderKeyStoreContract('SQLite (in memory)', async () => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteProviderKeyStore(db), close: async () => db.close() };
});
