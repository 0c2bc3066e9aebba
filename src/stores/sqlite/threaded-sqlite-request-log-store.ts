import { Worker } from 'node:worker_threads';
import type { DatabaseSync } from 'node:sqlite';
import type { RequestLogEntry } from '../../observability/request-log-entry.ts';
import type { UsageQuery, UsageReport } from '../../observability/usage-query.ts';
import type { RequestListQuery, RequestLogStore } from '../request-log-store.ts';
import { SqliteRequestLogStore } from './sqlite-request-log-store.ts';
import type { RequestLogWorkerCommand, RequestLogWorkerData, RequestLogWorkerReply } from './sqlite-request-log-worker.ts';

type Pending = { resolve: () => void; reject: (error: Error) => void };

/**
 * The SQLite request log with its writes on a worker thread. `node:sqlite` is synchronous, so a
 * batch of 100 inserts held the event loop ~1.3–1.5 ms (docs/benchmarks.md); here the worker
 * commits on its own connection to the same file and `append` resolves on its acknowledgement,
 * so a read after `append` (RequestLogger flushes before queries) sees the rows. Reads and
 * retention stay on the main connection `db`. File databases only: an in-memory one cannot be
 * shared with another thread. If the worker dies, appends fall back to the main connection.
 */
export class ThreadedSqliteRequestLogStore implements RequestLogStore {
  readonly #main: SqliteRequestLogStore;
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #exited: Promise<void>;
  #seq = 0;
  #running = true;

  /** `db` is the main thread's connection to `path`, already migrated. */
  constructor(db: DatabaseSync, path: string) {
    this.#main = new SqliteRequestLogStore(db);
    this.#worker = new Worker(new URL('./sqlite-request-log-worker.ts', import.meta.url), {
      workerData: { path } satisfies RequestLogWorkerData,
    });
    // Idle, the worker must not keep the process alive; with a batch in flight it must (see #send).
    this.#worker.unref();
    this.#worker.on('message', (reply: RequestLogWorkerReply) => {
      const pending = this.#pending.get(reply.seq);
      if (!pending) return;
      this.#pending.delete(reply.seq);
      if (this.#pending.size === 0) this.#worker.unref();
      if (reply.error === null) pending.resolve();
      else pending.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
    });
    let failure: Error | undefined;
    this.#worker.on('error', (error) => {
      failure = error;
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        this.#running = false;
        // Unacknowledged batches may or may not be committed; RequestLogger re-queues them and
        // the retry (on the main connection) skips ids already stored.
        const error = failure ?? new Error(`Request log worker exited (code ${code}) before acknowledging a batch.`);
        for (const pending of this.#pending.values()) pending.reject(error);
        this.#pending.clear();
        resolve();
      });
    });
  }

  append(entries: readonly RequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    if (!this.#running) return this.#main.append(entries);
    const seq = ++this.#seq;
    return new Promise<void>((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(seq, { resolve, reject });
      this.#worker.postMessage({ kind: 'append', seq, entries: [...entries] } satisfies RequestLogWorkerCommand);
    });
  }

  get(id: string, accountId: string | null): Promise<RequestLogEntry | undefined> {
    return this.#main.get(id, accountId);
  }

  queryUsage(query: UsageQuery): Promise<UsageReport> {
    return this.#main.queryUsage(query);
  }

  list(query: RequestListQuery): Promise<RequestLogEntry[]> {
    return this.#main.list(query);
  }

  deleteOlderThan(time: number): Promise<number> {
    return this.#main.deleteOlderThan(time);
  }

  /** Lets the worker commit every batch already sent, closes its connection and waits for it to end. */
  async close(): Promise<void> {
    if (this.#running) {
      this.#worker.ref();
      this.#worker.postMessage({ kind: 'close' } satisfies RequestLogWorkerCommand);
    }
    await this.#exited;
  }
}
