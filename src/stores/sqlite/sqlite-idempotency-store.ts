import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { IdempotencyRecord, IdempotencyStore, IdempotencyStoreOptions, IdempotentResponse } from '../idempotency-store.ts';

type Row = { account_id: string; key: string; fingerprint: string; response: string; created_at: number; expires_at: number };

/** Idempotency keys in SQLite; the response is kept as JSON text. */
export class SqliteIdempotencyStore implements IdempotencyStore {
  readonly #now: () => number;
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #deleteOne: StatementSync;
  readonly #select: StatementSync;
  readonly #deleteExpired: StatementSync;

  constructor(db: DatabaseSync, options: IdempotencyStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO idempotency_keys (account_id, key, fingerprint, response, created_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (account_id, key) DO NOTHING`,
    );
    this.#deleteOne = db.prepare('DELETE FROM idempotency_keys WHERE account_id = ? AND key = ? AND expires_at <= ?');
    this.#select = db.prepare('SELECT * FROM idempotency_keys WHERE account_id = ? AND key = ? AND expires_at > ?');
    this.#deleteExpired = db.prepare('DELETE FROM idempotency_keys WHERE expires_at <= ?');
  }

  async put(record: IdempotencyRecord): Promise<IdempotencyRecord> {
    const now = this.#now();
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      // An expired record no longer holds its key.
      this.#deleteOne.run(record.accountId, record.key, now);
      this.#insert.run(record.accountId, record.key, record.fingerprint, JSON.stringify(record.response), record.createdAt, record.expiresAt);
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
    return (await this.get(record.accountId, record.key)) ?? record;
  }

  async get(accountId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = this.#select.get(accountId, key, this.#now()) as Row | undefined;
    if (!row) return undefined;
    return {
      accountId: row.account_id,
      key: row.key,
      fingerprint: row.fingerprint,
      response: JSON.parse(row.response) as IdempotentResponse,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async deleteExpired(): Promise<number> {
    return Number(this.#deleteExpired.run(this.#now()).changes);
  }
}
