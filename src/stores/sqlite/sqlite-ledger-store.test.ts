import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeLedgerStoreContract } from '../ledger-store.contract.ts';
import { IN_MEMORY, openSqlite } from './open-sqlite.ts';
import { SqliteLedgerStore } from './sqlite-ledger-store.ts';

describeLedgerStoreContract('SQLite (in memory)', async ({ now }) => {
  const db = openSqlite(IN_MEMORY);
  return { store: new SqliteLedgerStore(db, { now }), close: async () => db.close() };
});

describeLedgerStoreContract('SQLite (file, own connection)', async ({ now }) => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-ledger-'));
  const db = openSqlite(join(dir, 'switchyard.sqlite'));
  return {
    store: new SqliteLedgerStore(db, { now }),
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
