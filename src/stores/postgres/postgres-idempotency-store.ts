import type pg from 'pg';
import type { IdempotencyRecord, IdempotencyStore, IdempotencyStoreOptions, IdempotentResponse } from '../idempotency-store.ts';

type Row = { account_id: string; key: string; fingerprint: string; response: IdempotentResponse; created_at: bigint; expires_at: bigint };

/** Idempotency keys in PostgreSQL; the response is kept as JSONB. */
export class PostgresIdempotencyStore implements IdempotencyStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  constructor(pool: pg.Pool, options: IdempotencyStoreOptions = {}) {
    this.#pool = pool;
    this.#now = options.now ?? Date.now;
  }

  async put(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    // One statement, atomic across instances: insert, or take over a key whose record expired;
    // an unexpired holder is left alone and read back below.
    await this.#pool.query(
      `INSERT INTO idempotency_keys (account_id, key, fingerprint, response, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (account_id, key) DO UPDATE SET fingerprint = excluded.fingerprint, response = excluded.response,
         created_at = excluded.created_at, expires_at = excluded.expires_at
       WHERE idempotency_keys.expires_at <= $7`,
      [record.accountId, record.key, record.fingerprint, JSON.stringify(record.response), record.createdAt, record.expiresAt, this.#now()],
    );
    return (await this.get(record.accountId, record.key)) ?? record;
  }

  async get(accountId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM idempotency_keys WHERE account_id = $1 AND key = $2 AND expires_at > $3', [
      accountId,
      key,
      this.#now(),
    ]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      accountId: row.account_id,
      key: row.key,
      fingerprint: row.fingerprint,
      response: row.response,
      createdAt: Number(row.created_at),
      expiresAt: Number(row.expires_at),
    };
  }

  async deleteExpired(): Promise<number> {
    return (await this.#pool.query('DELETE FROM idempotency_keys WHERE expires_at <= $1', [this.#now()])).rowCount ?? 0;
  }
}
