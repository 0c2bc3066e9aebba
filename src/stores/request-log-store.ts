import type { RequestLogEntry } from '../observability/request-log-entry.ts';
import type { UsageQuery, UsageReport } from '../observability/usage-query.ts';

/**
 * The request log: one row per request, written in batches by `RequestLogger`, read back by id
 * and summed for usage reports. Async so SQLite and PostgreSQL share one interface and one
 * contract test (`request-log-store.contract.ts`).
 */
export interface RequestLogStore {
  /**
   * Writes entries in one transaction: all or none. An id already stored is skipped, so a
   * batch retried after an unclear failure is not counted twice.
   */
  append(entries: readonly RequestLogEntry[]): Promise<void>;
  /** The entry, when it exists and belongs to `accountId`; `accountId` null (admin) reads any account's. */
  get(id: string, accountId: string | null): Promise<RequestLogEntry | undefined>;
  queryUsage(query: UsageQuery): Promise<UsageReport>;
  /** Deletes entries older than `time` (ms since the epoch), for retention; returns how many went. */
  deleteOlderThan(time: number): Promise<number>;
}
