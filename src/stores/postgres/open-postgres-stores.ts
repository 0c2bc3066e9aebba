import type { Stores } from '../open-stores.ts';
import { openPostgres } from './open-postgres.ts';
import { PostgresAccountStore } from './postgres-account-store.ts';
import { PostgresIdempotencyStore } from './postgres-idempotency-store.ts';
import { PostgresJobStore } from './postgres-job-store.ts';
import { PostgresKeyLimitsStore } from './postgres-key-limits-store.ts';
import { PostgresLedgerStore } from './postgres-ledger-store.ts';
import { PostgresProviderKeyStore } from './postgres-provider-key-store.ts';
import { PostgresRequestLogStore } from './postgres-request-log-store.ts';
import { PostgresResponseCacheStore } from './postgres-response-cache-store.ts';
import { PostgresStreamStore } from './postgres-stream-store.ts';

export type OpenPostgresStoresOptions = {
  now?: () => number;
  /** The schema to use instead of the server's default search_path (tests use a fresh one). */
  schema?: string;
};

/**
 * Every persistent store on one PostgreSQL pool, migrated on open (under the migration advisory
 * lock, so instances starting together are safe). `close()` ends the pool.
 */
export async function openPostgresStores(url: string, options: OpenPostgresStoresOptions = {}): Promise<Stores> {
  const pool = await openPostgres(url, { schema: options.schema });
  const now = options.now;
  let closed: Promise<void> | undefined;
  return {
    accounts: new PostgresAccountStore(pool, { now }),
    streams: new PostgresStreamStore(pool, { now }),
    idempotency: new PostgresIdempotencyStore(pool, { now }),
    requestLogs: new PostgresRequestLogStore(pool),
    ledger: new PostgresLedgerStore(pool, { now }),
    responseCache: new PostgresResponseCacheStore(pool, { now }),
    keyLimits: new PostgresKeyLimitsStore(pool),
    providerKeys: new PostgresProviderKeyStore(pool),
    jobs: new PostgresJobStore(pool, { now }),
    close() {
      closed ??= pool.end();
      return closed;
    },
  };
}
