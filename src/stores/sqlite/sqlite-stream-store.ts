import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { StoredStream, StreamStore, StreamStoreOptions } from '../stream-store.ts';
import { GroupCommit } from './group-commit.ts';
import { decodeFrames, encodeFrames } from './stored-frames.ts';

type StreamRow = {
  id: string;
  account_id: string;
  status: string;
  content_type: string;
  headers: string;
  frames: string;
  created_at: number;
  finished_at: number;
  expires_at: number;
};

/**
 * Finished streams in SQLite, one row each with the frames in one value (`stored-frames.ts`): a stream is written
 * once when it ends and read whole when a reader replays it, never appended to row by row.
 * Streams that finish in the same event-loop turn are written in one transaction (`GroupCommit`:
 * one WAL commit instead of one each); `save` resolves once its stream is committed, and until
 * then `get` answers from memory.
 */
export class SqliteStreamStore implements StreamStore {
  readonly #now: () => number;
  readonly #upsert: StatementSync;
  readonly #select: StatementSync;
  readonly #deleteExpired: StatementSync;
  readonly #group: GroupCommit;
  readonly #pending = new Map<string, StoredStream>();

  /** `group`: a group commit shared with other stores on the same connection. */
  constructor(db: DatabaseSync, options: StreamStoreOptions & { group?: GroupCommit } = {}) {
    this.#now = options.now ?? Date.now;
    this.#group = options.group ?? new GroupCommit(db);
    this.#upsert = db.prepare(
      `INSERT OR REPLACE INTO streams (id, account_id, status, content_type, headers, frames, created_at, finished_at, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.#select = db.prepare('SELECT * FROM streams WHERE id = ? AND expires_at > ?');
    this.#deleteExpired = db.prepare('DELETE FROM streams WHERE expires_at <= ?');
  }

  async save(stream: StoredStream): Promise<void> {
    this.#pending.set(stream.id, stream);
    try {
      await this.#group.run(() =>
        this.#upsert.run(
          stream.id,
          stream.accountId,
          stream.status,
          stream.contentType,
          JSON.stringify(stream.headers),
          encodeFrames(stream.frames),
          stream.createdAt,
          stream.finishedAt,
          stream.expiresAt,
        ),
      );
    } finally {
      if (this.#pending.get(stream.id) === stream) this.#pending.delete(stream.id);
    }
  }

  async get(id: string): Promise<StoredStream | undefined> {
    const queued = this.#pending.get(id);
    if (queued) return queued.expiresAt > this.#now() ? { ...queued, frames: [...queued.frames] } : undefined;
    const row = this.#select.get(id, this.#now()) as StreamRow | undefined;
    if (!row) return undefined;
    return {
      id: row.id,
      accountId: row.account_id,
      status: row.status === 'failed' ? 'failed' : 'completed',
      contentType: row.content_type,
      headers: JSON.parse(row.headers) as Record<string, string>,
      frames: decodeFrames(row.frames),
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      expiresAt: row.expires_at,
    };
  }

  async deleteExpired(): Promise<number> {
    return Number(this.#deleteExpired.run(this.#now()).changes);
  }
}
