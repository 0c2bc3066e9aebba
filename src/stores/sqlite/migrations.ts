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
  {
    version: 2,
    name: 'resumable streams and idempotency keys',
    // No foreign key to accounts: the single local user ('local') has no accounts row.
    sql: `
      CREATE TABLE streams (
        id           TEXT PRIMARY KEY,
        account_id   TEXT NOT NULL,
        status       TEXT NOT NULL,
        content_type TEXT NOT NULL,
        headers      TEXT NOT NULL,
        frames       TEXT NOT NULL,
        created_at   INTEGER NOT NULL,
        finished_at  INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX streams_by_expiry ON streams (expires_at);

      CREATE TABLE idempotency_keys (
        account_id  TEXT NOT NULL,
        key         TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        response    TEXT NOT NULL,
        created_at  INTEGER NOT NULL,
        expires_at  INTEGER NOT NULL,
        PRIMARY KEY (account_id, key)
      ) STRICT;

      CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
    `,
  },
  {
    version: 3,
    name: 'request log and request metadata',
    // Metadata is also kept one row per key (with account and time copied in) so usage grouped
    // or filtered by a metadata key reads an index instead of parsing every row's JSON.
    sql: `
      CREATE TABLE request_logs (
        id                 TEXT PRIMARY KEY,
        time               INTEGER NOT NULL,
        account_id         TEXT NOT NULL,
        key_id             TEXT,
        format             TEXT NOT NULL,
        requested_model    TEXT NOT NULL,
        model              TEXT,
        provider           TEXT,
        upstream_model     TEXT,
        attempts           TEXT NOT NULL,
        status             INTEGER NOT NULL,
        error_code         TEXT,
        error_message      TEXT,
        latency_ms         INTEGER NOT NULL,
        ttft_ms            INTEGER,
        stream             INTEGER NOT NULL,
        input_tokens       INTEGER NOT NULL,
        output_tokens      INTEGER NOT NULL,
        cached_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        reasoning_tokens   INTEGER NOT NULL,
        cost_nanos         INTEGER,
        cache_status       TEXT,
        finish_reason      TEXT,
        metadata           TEXT NOT NULL,
        bodies             TEXT
      ) STRICT;

      CREATE INDEX request_logs_by_account_time ON request_logs (account_id, time);
      CREATE INDEX request_logs_by_time ON request_logs (time);

      CREATE TABLE request_metadata (
        request_id TEXT NOT NULL REFERENCES request_logs(id) ON DELETE CASCADE,
        account_id TEXT NOT NULL,
        time       INTEGER NOT NULL,
        key        TEXT NOT NULL,
        value      TEXT NOT NULL,
        PRIMARY KEY (request_id, key)
      ) STRICT, WITHOUT ROWID;

      CREATE INDEX request_metadata_by_key ON request_metadata (account_id, key, value, time);
    `,
  },
  {
    version: 4,
    name: 'wallet ledger',
    // Money is INTEGER nano-dollars (1e-9 USD). No foreign key to accounts: the local account has no row.
    // \`wallets\` keeps the running balance and active holds so a reservation is one conditional update;
    // \`ledger_entries\` is the append-only history they are derived from.
    sql: `
      CREATE TABLE wallets (
        account_id        TEXT PRIMARY KEY,
        balance_nanos     INTEGER NOT NULL DEFAULT 0,
        reserved_nanos    INTEGER NOT NULL DEFAULT 0,
        low_balance_nanos INTEGER,
        webhook_url       TEXT,
        webhook_secret    TEXT,
        alert_armed       INTEGER NOT NULL DEFAULT 1
      ) STRICT;

      CREATE TABLE ledger_entries (
        seq                INTEGER PRIMARY KEY AUTOINCREMENT,
        id                 TEXT NOT NULL UNIQUE,
        account_id         TEXT NOT NULL,
        kind               TEXT NOT NULL,
        amount_nanos       INTEGER NOT NULL,
        created_at         INTEGER NOT NULL,
        idempotency_key    TEXT,
        description        TEXT,
        reservation_id     TEXT,
        expires_at         INTEGER,
        hold_state         TEXT,
        key_id             TEXT,
        request_id         TEXT,
        provider           TEXT,
        model              TEXT,
        input_tokens       INTEGER,
        output_tokens      INTEGER,
        cache_read_tokens  INTEGER,
        cache_write_tokens INTEGER,
        reasoning_tokens   INTEGER,
        priced             INTEGER
      ) STRICT;

      CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, seq);
      CREATE UNIQUE INDEX ledger_credits_by_idempotency_key ON ledger_entries (account_id, idempotency_key) WHERE kind = 'credit';
      CREATE UNIQUE INDEX ledger_one_capture_per_hold ON ledger_entries (reservation_id) WHERE kind = 'capture';
      CREATE INDEX ledger_active_holds ON ledger_entries (expires_at) WHERE hold_state = 'active';
      CREATE INDEX ledger_captures_by_time ON ledger_entries (account_id, created_at) WHERE kind = 'capture';
    `,
  },
  {
    version: 5,
    name: 'response cache, key limits and spend, provider keys',
    // No foreign keys to accounts or keys: the local account has no row, and a revoked key's
    // spend stays readable. Provider keys are sealed (AES-256-GCM) before they get here.
    sql: `
      CREATE TABLE response_cache (
        key        TEXT PRIMARY KEY,
        account_id TEXT NOT NULL,
        answer     TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        expires_at INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX response_cache_by_expiry ON response_cache (expires_at);

      CREATE TABLE key_limits (
        key_id               TEXT PRIMARY KEY,
        account_id           TEXT NOT NULL,
        daily_budget_nanos   INTEGER,
        monthly_budget_nanos INTEGER,
        requests_per_minute  INTEGER,
        tokens_per_minute    INTEGER,
        updated_at           INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE key_spend (
        key_id      TEXT NOT NULL,
        period      TEXT NOT NULL,
        spend_nanos INTEGER NOT NULL,
        PRIMARY KEY (key_id, period)
      ) STRICT, WITHOUT ROWID;

      CREATE TABLE provider_keys (
        account_id TEXT NOT NULL,
        provider   TEXT NOT NULL,
        sealed_key TEXT NOT NULL,
        base_url   TEXT,
        last4      TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (account_id, provider)
      ) STRICT;

      CREATE TABLE byok_settings (
        account_id TEXT PRIMARY KEY,
        byok_only  INTEGER NOT NULL
      ) STRICT;
    `,
  },
  {
    version: 6,
    name: 'media jobs',
    // No foreign key to accounts: the local account has no row. Output and input are JSON.
    sql: `
      CREATE TABLE jobs (
        id             TEXT PRIMARY KEY,
        account_id     TEXT NOT NULL,
        key_id         TEXT,
        request_id     TEXT NOT NULL,
        model          TEXT NOT NULL,
        provider       TEXT NOT NULL,
        upstream_model TEXT NOT NULL,
        status         TEXT NOT NULL,
        input          TEXT NOT NULL,
        upstream_id    TEXT,
        output         TEXT,
        units          TEXT,
        error          TEXT,
        webhook_url    TEXT,
        reservation_id TEXT,
        cost_nanos     INTEGER,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL,
        completed_at   INTEGER
      ) STRICT;

      CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE status IN ('queued', 'running');
    `,
  },
  {
    version: 7,
    name: 'active holds by account',
    // A reservation releases the account's lapsed holds first; without this the planner reads every
    // ledger entry the account ever had (ledger_entries_by_account), growing two rows per request.
    sql: `
      CREATE INDEX ledger_active_holds_by_account ON ledger_entries (account_id, expires_at) WHERE hold_state = 'active';
    `,
  },
  {
    version: 8,
    name: 'per-key body logging',
    // Off by default: a key logs request and response bodies only once an admin opts it in.
    sql: `
      ALTER TABLE api_keys ADD COLUMN log_bodies INTEGER NOT NULL DEFAULT 0;
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
