import type { DatabaseSync } from 'node:sqlite';
import type { RequestLogEntry } from '../../observability/request-log-entry.ts';
import type { UsageQuery, UsageReport } from '../../observability/usage-query.ts';
import type { RequestListQuery, RequestLogStore } from '../request-log-store.ts';
import { SqliteRequestLogStore } from './sqlite-request-log-store.ts';
import type { SqliteWriter } from './sqlite-writer.ts';

/**
 * The SQLite request log with its appends on the writer thread (`SqliteWriter`): a batch of 100
 * inserts held the event loop ~1.3–1.5 ms (docs/benchmarks.md). `append` resolves once the batch
 * is committed, so a read after it (RequestLogger flushes before queries) sees the rows. Reads
 * and retention stay on the main connection `db`. If the writer thread dies, RequestLogger
 * re-queues the unacknowledged batch and the retry skips ids already stored.
 */
export class ThreadedSqliteRequestLogStore implements RequestLogStore {
  readonly #main: SqliteRequestLogStore;
  readonly #writer: SqliteWriter;

  /** `db` is the main thread's connection to the writer's file, already migrated. */
  constructor(db: DatabaseSync, writer: SqliteWriter) {
    this.#main = new SqliteRequestLogStore(db);
    this.#writer = writer;
  }

  append(entries: readonly RequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.#writer.call('requestLogs', 'append', [...entries]);
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
}
