import type { RequestLogEntry } from '../observability/request-log-entry.ts';
import type { UsageQuery, UsageReport } from '../observability/usage-query.ts';

/**
 * Which requests `list` returns: newest first (by time, then id), at most `limit`, only those
 * older than the `before` request (a cursor: the last id of the previous page) when given.
 */
export type RequestListQuery = {
  /** The account whose requests are listed; null lists every account (admin only). */
  accountId: string | null;
  limit: number;
  before: string | null;
  /** An exact HTTP status, or every `success` (< 400) or `error` (≥ 400) one. */
  status: number | 'success' | 'error' | null;
  /** All must hold, compared as `queryUsage` compares them. */
  filters: UsageQuery['filters'];
};

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
  /** A page of the request log; a `before` id that is unknown or another account's gives an empty page. */
  list(query: RequestListQuery): Promise<RequestLogEntry[]>;
  /** Deletes entries older than `time` (ms since the epoch), for retention; returns how many went. */
  deleteOlderThan(time: number): Promise<number>;
}
