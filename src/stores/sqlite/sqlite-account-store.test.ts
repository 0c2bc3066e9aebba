import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeAccountStoreContract } from '../account-store.contract.ts';
import { openSqlite } from './open-sqlite.ts';
import { SqliteAccountStore } from './sqlite-account-store.ts';

describeAccountStoreContract('SQLite (temp file)', async ({ now }) => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-accounts-'));
  const db = openSqlite(join(dir, 'switchyard.sqlite'));
  return {
    store: new SqliteAccountStore(db, { now }),
    async close() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
    // The raw bytes of the database and its WAL: whatever SQLite wrote, wherever it wrote it.
    async dumpStorage() {
      return readdirSync(dir)
        .map((file) => readFileSync(join(dir, file)).toString('latin1'))
        .join('\n');
    },
  };
});
