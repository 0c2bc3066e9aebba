import type pg from 'pg';
import type { StoredStream, StreamStore, StreamStoreOptions } from '../stream-store.ts';

type StreamRow = {
  id: string;
  account_id: string;
  status: string;
  content_type: string;
  headers: Record<string, string>;
  frames: string[];
  created_at: bigint;
  finished_at: bigint;
  expires_at: bigint;
};

/** Finished streams in PostgreSQL, one row each, frames as a TEXT[] (written once, read whole). */
export class PostgresStreamStore implements StreamStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  constructor(pool: pg.Pool, options: StreamStoreOptions = {}) {
    this.#pool = pool;
    this.#now = options.now ?? Date.now;
  }

  async save(stream: StoredStream): Promise<void> {
    await this.#pool.query(
      `INSERT INTO streams (id, account_id, status, content_type, headers, frames, created_at, finished_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET account_id = excluded.account_id, status = excluded.status, content_type = excluded.content_type,
         headers = excluded.headers, frames = excluded.frames, created_at = excluded.created_at,
         finished_at = excluded.finished_at, expires_at = excluded.expires_at`,
      [
        stream.id,
        stream.accountId,
        stream.status,
        stream.contentType,
        JSON.stringify(stream.headers),
        stream.frames,
        stream.createdAt,
        stream.finishedAt,
        stream.expiresAt,
      ],
    );
  }

  async get(id: string): Promise<StoredStream | undefined> {
    const { rows } = await this.#pool.query<StreamRow>('SELECT * FROM streams WHERE id = $1 AND expires_at > $2', [id, this.#now()]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      id: row.id,
      accountId: row.account_id,
      status: row.status === 'failed' ? 'failed' : 'completed',
      contentType: row.content_type,
      headers: row.headers,
      frames: row.frames,
      createdAt: Number(row.created_at),
      finishedAt: Number(row.finished_at),
      expiresAt: Number(row.expires_at),
    };
  }

  async deleteExpired(): Promise<number> {
    return (await this.#pool.query('DELETE FROM streams WHERE expires_at <= $1', [this.#now()])).rowCount ?? 0;
  }
}
