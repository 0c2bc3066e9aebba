import type pg from 'pg';

/** One schema change. Versions are applied in ascending order, each exactly once. */
export type PostgresMigration = { version: number; name: string; sql: string };

/**
 * The PostgreSQL schema's history. Append only: never edit an applied migration, add a new one.
 * Times are BIGINT milliseconds since the epoch (the stores' `now()`), money BIGINT nano-dollars.
 * The tables mirror the SQLite schema (`../sqlite/migrations.ts`) so both read alike.
 */
export const postgresMigrations: readonly PostgresMigration[] = [
  {
    version: 1,
    name: 'accounts and api keys',
    // `seq` keeps creation order among rows created in the same millisecond.
    sql: `
      CREATE TABLE accounts (
        seq        BIGINT GENERATED ALWAYS AS IDENTITY,
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL,
        created_at BIGINT NOT NULL
      );

      CREATE TABLE api_keys (
        seq         BIGINT GENERATED ALWAYS AS IDENTITY,
        id          TEXT PRIMARY KEY,
        account_id  TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
        name        TEXT NOT NULL,
        prefix      TEXT NOT NULL,
        secret_hash TEXT NOT NULL UNIQUE,
        created_at  BIGINT NOT NULL,
        revoked_at  BIGINT
      );

      CREATE INDEX api_keys_by_account ON api_keys (account_id, created_at, seq);
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
        headers      JSONB NOT NULL,
        frames       TEXT[] NOT NULL,
        created_at   BIGINT NOT NULL,
        finished_at  BIGINT NOT NULL,
        expires_at   BIGINT NOT NULL
      );

      CREATE INDEX streams_by_expiry ON streams (expires_at);

      CREATE TABLE idempotency_keys (
        account_id  TEXT NOT NULL,
        key         TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        response    JSONB NOT NULL,
        created_at  BIGINT NOT NULL,
        expires_at  BIGINT NOT NULL,
        PRIMARY KEY (account_id, key)
      );

      CREATE INDEX idempotency_keys_by_expiry ON idempotency_keys (expires_at);
    `,
  },
  {
    version: 3,
    name: 'request log, request metadata and hourly usage rollups',
    // JSON (not JSONB) columns give back the text exactly as written. Metadata is also kept one
    // row per key, indexed, for metadata filters. usage_hourly and usage_metadata_hourly are
    // maintained by every append and every retention delete, so usage reports read a few
    // thousand rollup rows instead of millions of requests; '' stands for "none" in their keys.
    sql: `
      CREATE TABLE request_logs (
        id                 TEXT PRIMARY KEY,
        time               BIGINT NOT NULL,
        account_id         TEXT NOT NULL,
        key_id             TEXT,
        format             TEXT NOT NULL,
        requested_model    TEXT NOT NULL,
        model              TEXT,
        provider           TEXT,
        upstream_model     TEXT,
        attempts           JSON NOT NULL,
        status             INTEGER NOT NULL,
        error_code         TEXT,
        error_message      TEXT,
        latency_ms         INTEGER NOT NULL,
        ttft_ms            INTEGER,
        stream             BOOLEAN NOT NULL,
        input_tokens       INTEGER NOT NULL,
        output_tokens      INTEGER NOT NULL,
        cached_read_tokens INTEGER NOT NULL,
        cache_write_tokens INTEGER NOT NULL,
        reasoning_tokens   INTEGER NOT NULL,
        cost_nanos         BIGINT,
        cache_status       TEXT,
        finish_reason      TEXT,
        metadata           JSON NOT NULL,
        bodies             JSON
      );

      CREATE INDEX request_logs_by_account_time ON request_logs (account_id, time, id COLLATE "C");
      CREATE INDEX request_logs_by_time ON request_logs (time, id COLLATE "C");

      CREATE TABLE request_metadata (
        request_id TEXT NOT NULL REFERENCES request_logs(id) ON DELETE CASCADE,
        account_id TEXT NOT NULL,
        time       BIGINT NOT NULL,
        key        TEXT NOT NULL,
        value      TEXT NOT NULL,
        PRIMARY KEY (request_id, key)
      );

      CREATE INDEX request_metadata_by_key ON request_metadata (account_id, key, value, time);

      CREATE TABLE usage_hourly (
        account_id         TEXT NOT NULL,
        hour               BIGINT NOT NULL,
        model              TEXT NOT NULL,
        provider           TEXT NOT NULL,
        key_id             TEXT NOT NULL,
        requests           BIGINT NOT NULL,
        input_tokens       BIGINT NOT NULL,
        output_tokens      BIGINT NOT NULL,
        cached_read_tokens BIGINT NOT NULL,
        cache_write_tokens BIGINT NOT NULL,
        reasoning_tokens   BIGINT NOT NULL,
        cost_nanos         BIGINT NOT NULL,
        unpriced           BIGINT NOT NULL,
        errors             BIGINT NOT NULL,
        PRIMARY KEY (account_id, hour, model, provider, key_id)
      );

      CREATE INDEX usage_hourly_by_hour ON usage_hourly (hour);

      CREATE TABLE usage_metadata_hourly (
        account_id         TEXT NOT NULL,
        key                TEXT NOT NULL,
        hour               BIGINT NOT NULL,
        value              TEXT NOT NULL,
        requests           BIGINT NOT NULL,
        input_tokens       BIGINT NOT NULL,
        output_tokens      BIGINT NOT NULL,
        cached_read_tokens BIGINT NOT NULL,
        cache_write_tokens BIGINT NOT NULL,
        reasoning_tokens   BIGINT NOT NULL,
        cost_nanos         BIGINT NOT NULL,
        unpriced           BIGINT NOT NULL,
        errors             BIGINT NOT NULL,
        PRIMARY KEY (account_id, key, hour, value)
      );

      CREATE INDEX usage_metadata_hourly_by_key_hour ON usage_metadata_hourly (key, hour);
    `,
  },
  {
    version: 4,
    name: 'wallet ledger',
    // \`wallets\` keeps the running balance and active holds: every balance change locks its row
    // (SELECT … FOR UPDATE) first, so changes to one account serialize across gateway instances.
    sql: `
      CREATE TABLE wallets (
        account_id        TEXT PRIMARY KEY,
        balance_nanos     BIGINT NOT NULL DEFAULT 0,
        reserved_nanos    BIGINT NOT NULL DEFAULT 0,
        low_balance_nanos BIGINT,
        webhook_url       TEXT,
        webhook_secret    TEXT,
        alert_armed       BOOLEAN NOT NULL DEFAULT true
      );

      CREATE TABLE ledger_entries (
        seq                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        id                 TEXT NOT NULL UNIQUE,
        account_id         TEXT NOT NULL,
        kind               TEXT NOT NULL,
        amount_nanos       BIGINT NOT NULL,
        created_at         BIGINT NOT NULL,
        idempotency_key    TEXT,
        description        TEXT,
        reservation_id     TEXT,
        expires_at         BIGINT,
        hold_state         TEXT,
        key_id             TEXT,
        request_id         TEXT,
        provider           TEXT,
        model              TEXT,
        input_tokens       BIGINT,
        output_tokens      BIGINT,
        cache_read_tokens  BIGINT,
        cache_write_tokens BIGINT,
        reasoning_tokens   BIGINT,
        priced             BOOLEAN
      );

      CREATE INDEX ledger_entries_by_account ON ledger_entries (account_id, seq);
      CREATE UNIQUE INDEX ledger_credits_by_idempotency_key ON ledger_entries (account_id, idempotency_key) WHERE kind = 'credit';
      CREATE UNIQUE INDEX ledger_one_capture_per_hold ON ledger_entries (reservation_id) WHERE kind = 'capture';
      CREATE INDEX ledger_active_holds ON ledger_entries (account_id, expires_at) WHERE hold_state = 'active';
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
        answer     JSONB NOT NULL,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      );

      CREATE INDEX response_cache_by_expiry ON response_cache (expires_at);

      CREATE TABLE key_limits (
        key_id               TEXT PRIMARY KEY,
        account_id           TEXT NOT NULL,
        daily_budget_nanos   BIGINT,
        monthly_budget_nanos BIGINT,
        requests_per_minute  INTEGER,
        tokens_per_minute    INTEGER,
        updated_at           BIGINT NOT NULL
      );

      CREATE TABLE key_spend (
        key_id      TEXT NOT NULL,
        period      TEXT NOT NULL,
        spend_nanos BIGINT NOT NULL,
        PRIMARY KEY (key_id, period)
      );

      CREATE TABLE provider_keys (
        account_id TEXT NOT NULL,
        provider   TEXT NOT NULL,
        sealed_key TEXT NOT NULL,
        base_url   TEXT,
        last4      TEXT NOT NULL,
        created_at BIGINT NOT NULL,
        updated_at BIGINT NOT NULL,
        PRIMARY KEY (account_id, provider)
      );

      CREATE TABLE byok_settings (
        account_id TEXT PRIMARY KEY,
        byok_only  BOOLEAN NOT NULL
      );
    `,
  },
  {
    version: 6,
    name: 'media jobs',
    // Mirrors SQLite migration 6; input, output, units and error are JSONB here.
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
        input          JSONB NOT NULL,
        upstream_id    TEXT,
        output         JSONB,
        units          JSONB,
        error          JSONB,
        webhook_url    TEXT,
        reservation_id TEXT,
        cost_nanos     BIGINT,
        created_at     BIGINT NOT NULL,
        updated_at     BIGINT NOT NULL,
        completed_at   BIGINT
      );

      CREATE INDEX jobs_unfinished ON jobs (created_at) WHERE status IN ('queued', 'running');
    `,
  },
  {
    version: 8,
    name: 'per-key body logging',
    // Numbered like SQLite's migration 8 (SQLite's 7 is an index PostgreSQL had from 4).
    sql: `
      ALTER TABLE api_keys ADD COLUMN log_bodies BOOLEAN NOT NULL DEFAULT FALSE;
    `,
  },
];

/** Advisory-lock namespace for migrations ('SY' 'MG'); the second key is the schema's hash. */
const MIGRATION_LOCK_CLASS = 0x5359_4d47;

/**
 * Brings the pool's schema (the first on its search_path) up to the latest migration. Holds a
 * session advisory lock keyed by the schema for the whole run, so gateway instances starting
 * together (or `switchyard migrate` beside a running one) apply each migration once; the others
 * wait, then find nothing to do. Each migration commits with its `schema_migrations` row.
 * Returns the versions this call applied.
 */
export async function migratePostgres(pool: pg.Pool, migrations: readonly PostgresMigration[] = postgresMigrations): Promise<number[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, hashtext(current_schema()))', [MIGRATION_LOCK_CLASS]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version    INTEGER PRIMARY KEY,
        name       TEXT NOT NULL,
        applied_at BIGINT NOT NULL
      )`);
      const done = new Set((await client.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((row) => row.version));
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (done.has(migration.version)) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.sql);
          await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, Date.now()]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`PostgreSQL migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(migration.version);
      }
      return applied;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, hashtext(current_schema()))', [MIGRATION_LOCK_CLASS]);
    }
  } finally {
    client.release();
  }
}
