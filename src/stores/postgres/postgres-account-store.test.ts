import { describeAccountStoreContract } from '../account-store.contract.ts';
import { PostgresAccountStore } from './postgres-account-store.ts';
import { openTestSchema } from './test-database.ts';

describeAccountStoreContract('PostgreSQL (fresh schema)', async ({ now }) => {
  const { pool, schema, close } = await openTestSchema();
  return {
    store: new PostgresAccountStore(pool, { now }),
    close,
    // Every row of every table in the schema, as text: whatever the store wrote, wherever it wrote it.
    async dumpStorage() {
      const { rows } = await pool.query<{ table_name: string }>('SELECT table_name FROM information_schema.tables WHERE table_schema = $1', [schema]);
      const dumps = await Promise.all(rows.map(async ({ table_name }) => (await pool.query(`SELECT t::text AS row FROM "${table_name}" t`)).rows.map((r) => r.row).join('\n')));
      return dumps.join('\n');
    },
  };
});
