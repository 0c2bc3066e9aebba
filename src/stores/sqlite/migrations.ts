import type { DatabaseSync } from 'node:sqlite';

/** One schema change. Versions are applied in ascending order, each exactly once. */
export type Migration = { version: number; name: string; sql: string };

/**
 * The SQLite schema's history. Append only: never edit an applied migration, add a new one.
 * Times are INTEGER milliseconds since the epoch, matching the stores' `now()`.
 */
export const sqliteMigrations: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts and api keys',
    sql: `
      CREATE TABLE accounts (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE api_keys (
        id          TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        prefix      TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        created_at  INTEGER NOT NULL,
        revoked_at  INTEGER
      ) STRICT;

      CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at);
    `,
  },
];

/**
 * Brings the database up to the latest migration. Runs under BEGIN IMMEDIATE so two processes
 * opening the same file at once cannot both apply a migration; each one commits with its
 * `schema_migrations` row, so a failure leaves the schema at the previous version.
 * Returns the versions applied by this call.
 */
export function migrate(db: DatabaseSync, migrations: readonly Migration[] = sqliteMigrations): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  ) STRICT`);
  const isApplied = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?');
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    db.exec('BEGIN IMMEDIATE');
    try {
      if (isApplied.get(migration.version) === undefined) {
        db.exec(migration.sql);
        record.run(migration.version, migration.name, Date.now());
        applied.push(migration.version);
      }
      db.exec('COMMIT');
    } catch (error) {
      db.exec('ROLLBACK');
      throw new Error(`SQLite migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }
  return applied;
}
