import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { CachedAnswer, ResponseCacheEntry, ResponseCacheStore, ResponseCacheStoreOptions } from '../response-cache-store.ts';

type Row = { key: string; account_id: string; answer: string; created_at: number; expires_at: number };

/** The response cache in SQLite: survives restarts; the answer is kept as JSON text. */
export class SqliteResponseCacheStore implements ResponseCacheStore {
  readonly #now: () => number;
  readonly #upsert: StatementSync;
  readonly #select: StatementSync;
  readonly #delete: StatementSync;
  readonly #deleteExpired: StatementSync;

  constructor(db: DatabaseSync, options: ResponseCacheStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#upsert = db.prepare(
      `INSERT INTO response_cache (key, account_id, answer, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET account_id = excluded.account_id, answer = excluded.answer,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
    );
    this.#select = db.prepare('SELECT * FROM response_cache WHERE key = ? AND expires_at > ?');
    this.#delete = db.prepare('DELETE FROM response_cache WHERE key = ?');
    this.#deleteExpired = db.prepare('DELETE FROM response_cache WHERE expires_at <= ?');
  }

  async get(key: string): Promise<ResponseCacheEntry | undefined> {
    const row = this.#select.get(key, this.#now()) as Row | undefined;
    if (!row) return undefined;
    return { key: row.key, accountId: row.account_id, answer: JSON.parse(row.answer) as CachedAnswer, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  async set(entry: ResponseCacheEntry): Promise<void> {
    this.#upsert.run(entry.key, entry.accountId, JSON.stringify(entry.answer), entry.createdAt, entry.expiresAt);
  }

  async delete(key: string): Promise<void> {
    this.#delete.run(key);
  }

  async deleteExpired(): Promise<number> {
    return Number(this.#deleteExpired.run(this.#now()).changes);
  }
}
