import { describeLedgerStoreContract } from '../ledger-store.contract.ts';
import { PostgresLedgerStore } from './postgres-ledger-store.ts';
import { openTestSchema } from './test-database.ts';

describeLedgerStoreContract('PostgreSQL (fresh schema)', async ({ now }) => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresLedgerStore(pool, { now }), close };
});
