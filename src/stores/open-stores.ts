import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AccountStore, AccountStoreOptions } from './account-store.ts';
import { IN_MEMORY, openSqlite } from './sqlite/open-sqlite.ts';
import { SqliteAccountStore } from './sqlite/sqlite-account-store.ts';
import { SqliteStreamStore } from './sqlite/sqlite-stream-store.ts';
import { SqliteIdempotencyStore } from './sqlite/sqlite-idempotency-store.ts';
import type { StreamStore } from './stream-store.ts';
import type { IdempotencyStore } from './idempotency-store.ts';
import type { RequestLogStore } from './request-log-store.ts';
import { SqliteRequestLogStore } from './sqlite/sqlite-request-log-store.ts';
import { ThreadedSqliteRequestLogStore } from './sqlite/threaded-sqlite-request-log-store.ts';
import { ThreadedSqliteLedgerStore } from './sqlite/threaded-sqlite-ledger-store.ts';
import { ThreadedSqliteKeyLimitsStore } from './sqlite/threaded-sqlite-key-limits-store.ts';
import { SqliteWriter } from './sqlite/sqlite-writer.ts';
import { ThreadedSqliteStreamStore } from './sqlite/threaded-sqlite-stream-store.ts';
import type { LedgerStore } from './ledger-store.ts';
import { SqliteLedgerStore } from './sqlite/sqlite-ledger-store.ts';
import type { ResponseCacheStore } from './response-cache-store.ts';
import { SqliteResponseCacheStore } from './sqlite/sqlite-response-cache-store.ts';
import type { KeyLimitsStore } from './key-limits-store.ts';
import { SqliteKeyLimitsStore } from './sqlite/sqlite-key-limits-store.ts';
import type { ProviderKeyStore } from './provider-key-store.ts';
import { SqliteProviderKeyStore } from './sqlite/sqlite-provider-key-store.ts';
import type { JobStore } from '../jobs/job-store.ts';
import { SqliteJobStore } from './sqlite/sqlite-job-store.ts';
import { openPostgresStores } from './postgres/open-postgres-stores.ts';
import { openPostgres } from './postgres/open-postgres.ts';
import { migratePostgres } from './postgres/migrations.ts';
import { DatabaseSync } from 'node:sqlite';
import { migrate as migrateSqlite } from './sqlite/migrations.ts';

/** Where the gateway keeps its state when no database URL is configured (relative to the working directory). */
export const DEFAULT_SQLITE_PATH = './data/switchyard.sqlite';

/** A parsed database URL. */
export type DatabaseLocation = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

/** Every store the gateway uses, opened on one database, chosen at start-up and passed inward. */
export type Stores = {
  accounts: AccountStore;
  /** Finished resumable streams, replayable until they expire. */
  streams: StreamStore;
  idempotency: IdempotencyStore;
  /** The request log: written in batches by `RequestLogger`, read by the requests and usage APIs. */
  requestLogs: RequestLogStore;
  /** Closes the underlying database connection(s). */
  /** Prepaid wallets: credits, holds and charges. */
  ledger: LedgerStore;
  /** Cached answers (`x-switchyard-cache-ttl`), persisted so they survive a restart. */
  responseCache: ResponseCacheStore;
  /** Per-key budgets and rate limits, and per-key spend counters. */
  keyLimits: KeyLimitsStore;
  /** Accounts' own provider keys (BYOK), sealed. */
  providerKeys: ProviderKeyStore;
  /** Media jobs (`/v1/run`, `/v1/jobs`), persisted so a restart resumes polling them. */
  jobs: JobStore;
  close(): Promise<void>;
};

export type OpenStoresOptions = AccountStoreOptions & {
  /** `sqlite:/abs/path`, `file:…`, a plain path, `:memory:`, or `postgres://…` / `postgresql://…`. Undefined → DEFAULT_SQLITE_PATH. */
  databaseUrl?: string;
};

/**
 * Reads a database URL. SQLite paths come back absolute. Errors never echo the URL: a
 * Postgres URL usually carries a password.
 */
export function parseDatabaseUrl(databaseUrl: string | undefined): DatabaseLocation {
  const url = databaseUrl?.trim() || DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//i.test(url)) return { kind: 'postgres', url };
  if (url === IN_MEMORY || url === 'sqlite::memory:' || url === 'sqlite://:memory:') return { kind: 'sqlite', path: IN_MEMORY };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', path: resolve(url.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '')) };
  if (url.startsWith('file://')) return { kind: 'sqlite', path: fileURLToPath(url) };
  if (url.startsWith('file:')) return { kind: 'sqlite', path: resolve(url.slice('file:'.length)) };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(url);
  if (scheme) {
    throw new Error(`Unsupported database URL scheme '${scheme[1]}:'. Use a SQLite path (sqlite:/path/to/file.sqlite) or postgres://.`);
  }
  return { kind: 'sqlite', path: resolve(url) };
}

/** Opens every store on the configured database. */
export async function openStores(options: OpenStoresOptions = {}): Promise<Stores> {
  const location = parseDatabaseUrl(options.databaseUrl);
  if (location.kind === 'postgres') return openPostgresStores(location.url, { now: options.now });
  const db = openSqlite(location.path);
  const shared = {
    accounts: new SqliteAccountStore(db, { now: options.now }),
    idempotency: new SqliteIdempotencyStore(db, { now: options.now }),
    responseCache: new SqliteResponseCacheStore(db, { now: options.now }),
    providerKeys: new SqliteProviderKeyStore(db),
    jobs: new SqliteJobStore(db, { now: options.now }),
  };
  if (location.path === IN_MEMORY) {
    // An in-memory database cannot be shared with another thread or connection: everything on one.
    return {
      ...shared,
      requestLogs: new SqliteRequestLogStore(db),
      streams: new SqliteStreamStore(db, { now: options.now }),
      ledger: new SqliteLedgerStore(db, { now: options.now }),
      keyLimits: new SqliteKeyLimitsStore(db),
      async close() {
        if (db.isOpen) db.close();
      },
    };
  }
  // Ledger, key spend, finished-stream and request-log writes are committed by the writer thread on its own
  // connection, off the event loop; reads stay on this one.
  const writer = new SqliteWriter(location.path, { now: options.now, main: db });
  return {
    ...shared,
    requestLogs: new ThreadedSqliteRequestLogStore(db, writer),
    streams: new ThreadedSqliteStreamStore(db, writer, { now: options.now }),
    ledger: new ThreadedSqliteLedgerStore(db, writer, { now: options.now }),
    keyLimits: new ThreadedSqliteKeyLimitsStore(db, writer),
    async close() {
      await writer.close();
      if (db.isOpen) db.close();
    },
  };
}

/**
 * Applies pending migrations to the configured database and returns what was applied, for
 * `switchyard migrate` (the gateway also migrates on start; this lets a deploy do it first).
 */
export async function migrateDatabase(databaseUrl: string | undefined): Promise<{ kind: DatabaseLocation['kind']; applied: number[] }> {
  const location = parseDatabaseUrl(databaseUrl);
  if (location.kind === 'postgres') {
    const pool = await openPostgres(location.url, { migrate: false });
    try {
      return { kind: 'postgres', applied: await migratePostgres(pool) };
    } finally {
      await pool.end();
    }
  }
  if (location.path !== IN_MEMORY) mkdirSync(dirname(location.path), { recursive: true });
  const db = new DatabaseSync(location.path);
  try {
    db.exec('PRAGMA busy_timeout = 5000');
    return { kind: 'sqlite', applied: migrateSqlite(db) };
  } finally {
    db.close();
  }
}
