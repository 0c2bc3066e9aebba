import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { RequestLogEntry } from '../../observability/request-log-entry.ts';
import { metadataValueText } from '../../observability/parse-metadata-header.ts';
import { INTERVAL_MS, type UsageQuery, type UsageReport, type UsageRow } from '../../observability/usage-query.ts';
import type { RequestListQuery, RequestLogStore } from '../request-log-store.ts';
import { REQUEST_LOG_COLUMNS, requestLogEntryFromRow, requestLogRow, dimensionColumn as columnOf, usageTotalsFromSums as toTotals, type RequestLogRow, type UsageSumsRow as SumsRow } from '../request-log-row.ts';

// JSON columns are text.
type LogRow = RequestLogRow<string>;
const COLUMNS = REQUEST_LOG_COLUMNS;

const SUMS = `COUNT(*) AS requests,
  SUM(r.input_tokens) AS input_tokens, SUM(r.output_tokens) AS output_tokens,
  SUM(r.cached_read_tokens) AS cached_read_tokens, SUM(r.cache_write_tokens) AS cache_write_tokens,
  SUM(r.reasoning_tokens) AS reasoning_tokens, SUM(r.cost_nanos) AS cost_nanos,
  SUM(r.cost_nanos IS NULL) AS unpriced, SUM(r.status >= 400) AS errors`;

/**
 * The request log in SQLite. Metadata is kept twice: as JSON on the row (returned as is) and
 * one row per key in `request_metadata`, indexed, so `group_by=metadata.<k>` and metadata
 * filters are index lookups rather than JSON parsing of every row (see docs/observability.md).
 */
export class SqliteRequestLogStore implements RequestLogStore {
  readonly #db: DatabaseSync;
  readonly #insert: StatementSync;
  readonly #insertMetadata: StatementSync;
  readonly #select: StatementSync;
  readonly #deleteOld: StatementSync;
  readonly #selectCursor: StatementSync;

  constructor(db: DatabaseSync) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT OR IGNORE INTO request_logs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`,
    );
    this.#insertMetadata = db.prepare('INSERT INTO request_metadata (request_id, account_id, time, key, value) VALUES (?, ?, ?, ?, ?)');
    this.#select = db.prepare(`SELECT ${COLUMNS.join(', ')} FROM request_logs WHERE id = ?`);
    this.#deleteOld = db.prepare('DELETE FROM request_logs WHERE time < ?');
    this.#selectCursor = db.prepare('SELECT time, id, account_id FROM request_logs WHERE id = ?');
  }

  async append(entries: readonly RequestLogEntry[]): Promise<void> {
    if (entries.length === 0) return;
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      for (const entry of entries) {
        const inserted = Number(this.#insert.run(...toParams(entry)).changes) === 1;
        if (!inserted) continue;
        const time = Math.round(entry.time);
        for (const [key, value] of Object.entries(entry.metadata)) {
          this.#insertMetadata.run(entry.id, entry.accountId, time, key, metadataValueText(value));
        }
      }
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  async get(id: string, accountId: string | null): Promise<RequestLogEntry | undefined> {
    const row = this.#select.get(id) as LogRow | undefined;
    if (!row || (accountId !== null && row.account_id !== accountId)) return undefined;
    return toEntry(row);
  }

  async queryUsage(query: UsageQuery): Promise<UsageReport> {
    const { conditions, params: whereParams } = conditionsOf(query);
    const whereSql = whereOf(conditions);

    const total = this.#db.prepare(`SELECT ${SUMS} FROM request_logs r ${whereSql}`).get(...whereParams) as SumsRow;

    const join = query.groupBy?.kind === 'metadata' ? 'LEFT JOIN request_metadata m ON m.request_id = r.id AND m.key = ?' : '';
    const joinParams: SQLInputValue[] = query.groupBy?.kind === 'metadata' ? [query.groupBy.key] : [];
    const groupSql = query.groupBy ? (query.groupBy.kind === 'metadata' ? 'm.value' : columnOf(query.groupBy)) : 'NULL';
    const bucketSql = query.interval ? `(r.time / ${INTERVAL_MS[query.interval]}) * ${INTERVAL_MS[query.interval]}` : 'NULL';
    const rows = this.#db
      .prepare(
        `SELECT ${groupSql} AS grp, ${bucketSql} AS bucket, ${SUMS}
         FROM request_logs r ${join} ${whereSql}
         GROUP BY grp, bucket
         ORDER BY bucket, grp IS NULL, grp`,
      )
      .all(...joinParams, ...whereParams) as Array<SumsRow & { grp: string | null; bucket: number | null }>;

    return {
      rows: rows.map((row): UsageRow => ({ group: row.grp, bucket: row.bucket, ...toTotals(row) })),
      total: toTotals(total),
    };
  }

  async list(query: RequestListQuery): Promise<RequestLogEntry[]> {
    const { conditions, params } = conditionsOf({ ...query, from: null, to: null });
    if (query.status === 'success') conditions.push('r.status < 400');
    else if (query.status === 'error') conditions.push('r.status >= 400');
    else if (query.status !== null) {
      conditions.push('r.status = ?');
      params.push(query.status);
    }
    if (query.before !== null) {
      const cursor = this.#selectCursor.get(query.before) as { time: number; id: string; account_id: string } | undefined;
      if (!cursor || (query.accountId !== null && cursor.account_id !== query.accountId)) return [];
      // Same time, smaller id: entries logged in the same millisecond still page without gaps.
      conditions.push('r.time <= ? AND (r.time < ? OR r.id < ?)');
      params.push(cursor.time, cursor.time, cursor.id);
    }
    const rows = this.#db
      .prepare(
        `SELECT ${COLUMNS.map((column) => `r.${column}`).join(', ')} FROM request_logs r
         ${whereOf(conditions)}
         ORDER BY r.time DESC, r.id DESC LIMIT ?`,
      )
      .all(...params, query.limit) as LogRow[];
    return rows.map(toEntry);
  }

  async deleteOlderThan(time: number): Promise<number> {
    return Number(this.#deleteOld.run(time).changes);
  }
}

/** Conditions (alias `r`) for an account, a time window and ANDed filters; shared by usage and listing. */
function conditionsOf(query: Pick<UsageQuery, 'accountId' | 'from' | 'to' | 'filters'>): { conditions: string[]; params: SQLInputValue[] } {
  const where: string[] = [];
  const params: SQLInputValue[] = [];
  if (query.accountId !== null) {
    where.push('r.account_id = ?');
    params.push(query.accountId);
  }
  if (query.from !== null) {
    where.push('r.time >= ?');
    params.push(query.from);
  }
  if (query.to !== null) {
    where.push('r.time < ?');
    params.push(query.to);
  }
  for (const filter of query.filters) {
    if (filter.dimension.kind === 'metadata') {
      where.push('EXISTS (SELECT 1 FROM request_metadata f WHERE f.request_id = r.id AND f.key = ? AND f.value = ?)');
      params.push(filter.dimension.key, filter.value);
    } else {
      where.push(`${columnOf(filter.dimension)} = ?`);
      params.push(filter.value);
    }
  }
  return { conditions: where, params };
}

const whereOf = (conditions: readonly string[]): string => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');


function toParams(entry: RequestLogEntry): SQLInputValue[] {
  // node:sqlite binds no booleans.
  const row = { ...requestLogRow(entry), stream: entry.stream ? 1 : 0 };
  return COLUMNS.map((column) => row[column]);
}

function toEntry(row: LogRow): RequestLogEntry {
  return requestLogEntryFromRow(row, (value) => JSON.parse(value));
}
