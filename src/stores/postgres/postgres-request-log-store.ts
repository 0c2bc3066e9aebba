import type pg from 'pg';
import type { RequestLogEntry } from '../../observability/request-log-entry.ts';
import { metadataValueText } from '../../observability/parse-metadata-header.ts';
import type { UsageQuery, UsageReport } from '../../observability/usage-query.ts';
import type { RequestListQuery, RequestLogStore } from '../request-log-store.ts';
import { REQUEST_LOG_COLUMNS, requestLogEntryFromRow, requestLogRow, type RequestLogColumn, type RequestLogRow } from '../request-log-row.ts';
import { Params, queryPostgresUsage, rawConditions } from './postgres-usage-query.ts';

/** The array type each column travels as in `unnest`; 'json' columns travel as text and are cast. */
const TYPES: Record<RequestLogColumn, string> = {
  id: 'text',
  time: 'bigint',
  account_id: 'text',
  key_id: 'text',
  format: 'text',
  requested_model: 'text',
  model: 'text',
  provider: 'text',
  upstream_model: 'text',
  attempts: 'json',
  status: 'integer',
  error_code: 'text',
  error_message: 'text',
  latency_ms: 'integer',
  ttft_ms: 'integer',
  stream: 'boolean',
  input_tokens: 'integer',
  output_tokens: 'integer',
  cached_read_tokens: 'integer',
  cache_write_tokens: 'integer',
  reasoning_tokens: 'integer',
  cost_nanos: 'bigint',
  cache_status: 'text',
  finish_reason: 'text',
  metadata: 'json',
  bodies: 'json',
};
const COLUMNS = REQUEST_LOG_COLUMNS.map((name) => [name, TYPES[name]] as const);
const NAMES = COLUMNS.map(([name]) => name).join(', ');

const HOUR_OF = '(time / 3600000) * 3600000';
const SUM_UPDATES = ['requests', 'input_tokens', 'output_tokens', 'cached_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost_nanos', 'unpriced', 'errors'];
/** Rollup sums of a set of request rows `r`, in SUM_UPDATES order. */
const ROW_SUMS = `COUNT(*), SUM(r.input_tokens), SUM(r.output_tokens), SUM(r.cached_read_tokens), SUM(r.cache_write_tokens),
  SUM(r.reasoning_tokens), COALESCE(SUM(r.cost_nanos), 0), COUNT(*) FILTER (WHERE r.cost_nanos IS NULL), COUNT(*) FILTER (WHERE r.status >= 400)`;
const RETURNED = 'id, time, account_id, key_id, requested_model, model, provider, status, input_tokens, output_tokens, cached_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos';

const addTo = (table: string, sign: '+' | '-') => SUM_UPDATES.map((c) => `${c} = ${table}.${c} ${sign} d.${c}`).join(', ');
const upsertSums = (table: string, key: string) => `ON CONFLICT (${key}) DO UPDATE SET ${SUM_UPDATES.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ')}`;

/**
 * One statement writes a whole batch: the request rows (all columns as arrays through `unnest`,
 * so a batch of any size is one round trip with 29 parameters), their metadata rows, and the
 * additions to both hourly rollups; rows whose id is already stored are skipped by every part.
 * Rollup rows are upserted in key order, so concurrent batches lock them in the same order.
 */
const APPEND_SQL = `
WITH ins AS (
  INSERT INTO request_logs (${NAMES})
  SELECT ${COLUMNS.map(([name, type]) => (type === 'json' ? `${name}::json` : name)).join(', ')}
  FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type === 'json' ? 'text' : type}[]`).join(', ')}) AS u(${NAMES})
  ON CONFLICT (id) DO NOTHING
  RETURNING ${RETURNED}
),
meta AS (
  SELECT m.key, m.value, r.* FROM unnest($${COLUMNS.length + 1}::text[], $${COLUMNS.length + 2}::text[], $${COLUMNS.length + 3}::text[]) AS m(request_id, key, value)
  JOIN ins r ON r.id = m.request_id
),
meta_rows AS (
  INSERT INTO request_metadata (request_id, account_id, time, key, value) SELECT id, account_id, time, key, value FROM meta
),
hourly AS (
  INSERT INTO usage_hourly (account_id, hour, model, provider, key_id, ${SUM_UPDATES.join(', ')})
  SELECT r.account_id, ${HOUR_OF}, coalesce(r.model, r.requested_model), coalesce(r.provider, ''), coalesce(r.key_id, ''), ${ROW_SUMS}
  FROM ins r GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
  ${upsertSums('usage_hourly', 'account_id, hour, model, provider, key_id')}
)
INSERT INTO usage_metadata_hourly (account_id, key, hour, value, ${SUM_UPDATES.join(', ')})
SELECT r.account_id, r.key, ${HOUR_OF}, r.value, ${ROW_SUMS}
FROM meta r GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
${upsertSums('usage_metadata_hourly', 'account_id, key, hour, value')}`;

/** ROW_SUMS with the rollup column names, for a subquery to subtract. */
const NAMED_SUMS = `COUNT(*) AS requests, SUM(r.input_tokens) AS input_tokens, SUM(r.output_tokens) AS output_tokens,
  SUM(r.cached_read_tokens) AS cached_read_tokens, SUM(r.cache_write_tokens) AS cache_write_tokens, SUM(r.reasoning_tokens) AS reasoning_tokens,
  COALESCE(SUM(r.cost_nanos), 0) AS cost_nanos, COUNT(*) FILTER (WHERE r.cost_nanos IS NULL) AS unpriced, COUNT(*) FILTER (WHERE r.status >= 400) AS errors`;

/**
 * Deletes old requests and takes them out of the rollups in the same statement. The metadata
 * join reads the statement's snapshot, from before the cascade removes those rows.
 */
const DELETE_SQL = `
WITH del AS (DELETE FROM request_logs WHERE time < $1 RETURNING ${RETURNED}),
hourly AS (
  UPDATE usage_hourly h SET ${addTo('h', '-')}
  FROM (SELECT r.account_id, ${HOUR_OF} AS hour, coalesce(r.model, r.requested_model) AS model, coalesce(r.provider, '') AS provider,
          coalesce(r.key_id, '') AS key_id, ${NAMED_SUMS}
        FROM del r GROUP BY 1, 2, 3, 4, 5) d
  WHERE h.account_id = d.account_id AND h.hour = d.hour AND h.model = d.model AND h.provider = d.provider AND h.key_id = d.key_id
),
by_meta AS (
  UPDATE usage_metadata_hourly h SET ${addTo('h', '-')}
  FROM (SELECT r.account_id, m.key, (r.time / 3600000) * 3600000 AS hour, m.value, ${NAMED_SUMS}
        FROM del r JOIN request_metadata m ON m.request_id = r.id GROUP BY 1, 2, 3, 4) d
  WHERE h.account_id = d.account_id AND h.key = d.key AND h.hour = d.hour AND h.value = d.value
)
SELECT COUNT(*)::int AS deleted FROM del`;


/** PostgreSQL error codes for a transaction that lost to another and can simply be run again. */
const RETRYABLE = new Set(['40P01', '40001']);

// JSON columns arrive parsed.
type LogRow = RequestLogRow<unknown>;

/**
 * The request log in PostgreSQL, built for volume: batches go in as one statement, rows are
 * indexed by (account_id, time), metadata is kept one row per key, and hourly rollups per
 * account/model/provider/key and per account/metadata key/value keep usage reports fast at
 * tens of millions of rows (see `postgres-usage-query.ts` and docs/deploy.md for figures).
 */
export class PostgresRequestLogStore implements RequestLogStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async append(entries: readonly RequestLogEntry[]): Promise<void> {
    const firsts = dedupeFirst(entries);
    if (firsts.length === 0) return;
    const rows = firsts.map(requestLogRow);
    const params: unknown[] = REQUEST_LOG_COLUMNS.map((column) => rows.map((row) => row[column]));
    const metaIds: string[] = [];
    const metaKeys: string[] = [];
    const metaValues: string[] = [];
    for (const entry of firsts) {
      for (const [key, value] of Object.entries(entry.metadata)) {
        metaIds.push(entry.id);
        metaKeys.push(key);
        metaValues.push(metadataValueText(value));
      }
    }
    params.push(metaIds, metaKeys, metaValues);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.#pool.query(APPEND_SQL, params);
        return;
      } catch (error) {
        // Two instances' batches can lock shared rollup rows in opposite orders; the loser retries.
        if (attempt >= 3 || !RETRYABLE.has((error as { code?: string }).code ?? '')) throw error;
      }
    }
  }

  async get(id: string, accountId: string | null): Promise<RequestLogEntry | undefined> {
    const { rows } = await this.#pool.query<LogRow>(`SELECT ${NAMES} FROM request_logs WHERE id = $1`, [id]);
    const row = rows[0];
    if (!row || (accountId !== null && row.account_id !== accountId)) return undefined;
    return toEntry(row);
  }

  queryUsage(query: UsageQuery): Promise<UsageReport> {
    return queryPostgresUsage(this.#pool, query);
  }

  async list(query: RequestListQuery): Promise<RequestLogEntry[]> {
    const params = new Params();
    const where = rawConditions(query, params);
    if (query.status === 'success') where.push('r.status < 400');
    else if (query.status === 'error') where.push('r.status >= 400');
    else if (query.status !== null) where.push(`r.status = ${params.add(query.status)}`);
    if (query.before !== null) {
      // Same time, smaller id: entries logged in the same millisecond still page without gaps.
      const cursor = `(SELECT c.time, c.id FROM request_logs c WHERE c.id = ${params.add(query.before)}${
        query.accountId === null ? '' : ` AND c.account_id = ${params.add(query.accountId)}`
      })`;
      where.push(`(r.time, r.id COLLATE "C") < (SELECT time, id COLLATE "C" FROM ${cursor} c)`);
    }
    const { rows } = await this.#pool.query<LogRow>(
      `SELECT ${COLUMNS.map(([name]) => `r.${name}`).join(', ')} FROM request_logs r
       ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.time DESC, r.id COLLATE "C" DESC LIMIT ${params.add(query.limit)}`,
      params.values,
    );
    return rows.map(toEntry);
  }

  async deleteOlderThan(time: number): Promise<number> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      const { rows } = await client.query<{ deleted: number }>(DELETE_SQL, [time]);
      // Emptied rollup rows go too; only hours before the cut can have been emptied.
      await client.query('DELETE FROM usage_hourly WHERE hour < $1 AND requests = 0', [time]);
      await client.query('DELETE FROM usage_metadata_hourly WHERE hour < $1 AND requests = 0', [time]);
      await client.query('COMMIT');
      return rows[0].deleted;
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }
}

/** The entries with the first of each id only, so one batch never inserts an id twice. */
function dedupeFirst(entries: readonly RequestLogEntry[]): RequestLogEntry[] {
  const seen = new Set<string>();
  return entries.filter((entry) => !seen.has(entry.id) && seen.add(entry.id) !== undefined);
}

function toEntry(row: LogRow): RequestLogEntry {
  return requestLogEntryFromRow(row, (value) => value);
}
