import { describeProviderKeyStoreContract } from '../provider-key-store.contract.ts';
import { PostgresProviderKeyStore } from './postgres-provider-key-store.ts';
import { openTestSchema } from './test-database.ts';

describeProviderKeyStoreContract('PostgreSQL (fresh schema)', async () => {
  const { pool, close } = await openTestSchema();
  return { store: new PostgresProviderKeyStore(pool), close };
});
