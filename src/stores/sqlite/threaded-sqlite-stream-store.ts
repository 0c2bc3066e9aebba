import type { DatabaseSync } from 'node:sqlite';
import type { StoredStream, StreamStore, StreamStoreOptions } from '../stream-store.ts';
import { SqliteStreamStore } from './sqlite-stream-store.ts';
import type { SqliteWriter } from './sqlite-writer.ts';

/**
 * Finished streams saved by the writer thread (`SqliteWriter`): serialising a stream's frames
 * and committing them was 14 % of the event loop on the streaming benchmark. Until a save has
 * committed, `get` answers from memory; afterwards from the main connection.
 */
export class ThreadedSqliteStreamStore implements StreamStore {
  readonly #main: SqliteStreamStore;
  readonly #writer: SqliteWriter;
  readonly #now: () => number;
  readonly #pending = new Map<string, StoredStream>();

  constructor(db: DatabaseSync, writer: SqliteWriter, options: StreamStoreOptions = {}) {
    this.#main = new SqliteStreamStore(db, options);
    this.#writer = writer;
    this.#now = options.now ?? Date.now;
  }

  async save(stream: StoredStream): Promise<void> {
    this.#pending.set(stream.id, stream);
    try {
      await this.#writer.call('streams', 'save', stream);
    } finally {
      if (this.#pending.get(stream.id) === stream) this.#pending.delete(stream.id);
    }
  }

  async get(id: string): Promise<StoredStream | undefined> {
    const queued = this.#pending.get(id);
    if (queued) return queued.expiresAt > this.#now() ? { ...queued, frames: [...queued.frames] } : undefined;
    return this.#main.get(id);
  }

  deleteExpired(): Promise<number> {
    return this.#writer.call('streams', 'deleteExpired');
  }
}
