import type pg from 'pg';
import type { CachedAnswer, ResponseCacheEntry, ResponseCacheStore, ResponseCacheStoreOptions } from '../response-cache-store.ts';

type Row = { key: string; account_id: string; answer: CachedAnswer; created_at: bigint; expires_at: bigint };

/** The response cache in PostgreSQL, shared by every gateway instance; the answer is kept as JSONB. */
export class PostgresResponseCacheStore implements ResponseCacheStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  constructor(pool: pg.Pool, options: ResponseCacheStoreOptions = {}) {
    this.#pool = pool;
    this.#now = options.now ?? Date.now;
  }

  async get(key: string): Promise<ResponseCacheEntry | undefined> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM response_cache WHERE key = $1 AND expires_at > $2', [key, this.#now()]);
    const row = rows[0];
    if (!row) return undefined;
    return { key: row.key, accountId: row.account_id, answer: row.answer, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at) };
  }

  async set(entry: ResponseCacheEntry): Promise<void> {
    await this.#pool.query(
      `INSERT INTO response_cache (key, account_id, answer, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (key) DO UPDATE SET account_id = excluded.account_id, answer = excluded.answer,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
      [entry.key, entry.accountId, JSON.stringify(entry.answer), entry.createdAt, entry.expiresAt],
    );
  }

  async delete(key: string): Promise<void> {
    await this.#pool.query('DELETE FROM response_cache WHERE key = $1', [key]);
  }

  async deleteExpired(): Promise<number> {
    return (await this.#pool.query('DELETE FROM response_cache WHERE expires_at <= $1', [this.#now()])).rowCount ?? 0;
  }
}
