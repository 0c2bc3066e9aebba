import { snakeCaseRoute, type LoggedAttempt, type RequestLogEntry } from '../observability/request-log-entry.ts';
import type { UsageDimension, UsageTotals } from '../observability/usage-query.ts';

/** An integer column as a driver returns it: a SQLite number, a PostgreSQL BIGINT as bigint. */
type DbInteger = number | bigint;

/** The `request_logs` columns, in the order both stores write and read them. */
export const REQUEST_LOG_COLUMNS = [
  'id', 'time', 'account_id', 'key_id', 'format', 'requested_model', 'model', 'provider', 'upstream_model', 'attempts',
  'status', 'error_code', 'error_message', 'latency_ms', 'ttft_ms', 'stream', 'input_tokens', 'output_tokens',
  'cached_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost_nanos', 'cache_status', 'finish_reason', 'metadata', 'bodies',
] as const;

export type RequestLogColumn = (typeof REQUEST_LOG_COLUMNS)[number];

/**
 * A `request_logs` row as read back; `Json` is how the JSON columns arrive (text from SQLite,
 * parsed from PostgreSQL), `stream` is SQLite's 0/1 or PostgreSQL's boolean.
 */
export type RequestLogRow<Json> = {
  id: string;
  time: DbInteger;
  account_id: string;
  key_id: string | null;
  format: string;
  requested_model: string;
  model: string | null;
  provider: string | null;
  upstream_model: string | null;
  attempts: Json;
  status: number;
  error_code: string | null;
  error_message: string | null;
  latency_ms: number;
  ttft_ms: number | null;
  stream: number | boolean;
  input_tokens: number;
  output_tokens: number;
  cached_read_tokens: number;
  cache_write_tokens: number;
  reasoning_tokens: number;
  cost_nanos: DbInteger | null;
  cache_status: string | null;
  finish_reason: string | null;
  metadata: Json;
  bodies: Json | null;
};

/** An entry's column values: times and costs rounded to integers, JSON columns as text, `stream` a boolean. */
export function requestLogRow(entry: RequestLogEntry) {
  return {
    id: entry.id,
    time: Math.round(entry.time),
    ...snakeCaseRoute(entry),
    attempts: JSON.stringify(entry.attempts),
    status: entry.status,
    error_code: entry.errorCode,
    error_message: entry.errorMessage,
    latency_ms: Math.round(entry.latencyMs),
    ttft_ms: entry.ttftMs === null ? null : Math.round(entry.ttftMs),
    stream: entry.stream,
    input_tokens: entry.tokens.input,
    output_tokens: entry.tokens.output,
    cached_read_tokens: entry.tokens.cachedRead,
    cache_write_tokens: entry.tokens.cacheWrite,
    reasoning_tokens: entry.tokens.reasoning,
    cost_nanos: entry.costNanos === null ? null : Math.round(entry.costNanos),
    cache_status: entry.cacheStatus,
    finish_reason: entry.finishReason,
    metadata: JSON.stringify(entry.metadata),
    bodies: entry.bodies === null ? null : JSON.stringify(entry.bodies),
  } satisfies Record<RequestLogColumn, string | number | boolean | null>;
}

/** The entry a row holds; `decode` turns a JSON column into its value (JSON.parse for text). */
export function requestLogEntryFromRow<Json>(row: RequestLogRow<Json>, decode: (value: Json) => any): RequestLogEntry {
  return {
    id: row.id,
    time: Number(row.time),
    accountId: row.account_id,
    keyId: row.key_id,
    format: row.format,
    requestedModel: row.requested_model,
    model: row.model,
    provider: row.provider,
    upstreamModel: row.upstream_model,
    attempts: decode(row.attempts) as LoggedAttempt[],
    status: row.status,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    latencyMs: row.latency_ms,
    ttftMs: row.ttft_ms,
    stream: row.stream === true || row.stream === 1,
    tokens: {
      input: row.input_tokens,
      output: row.output_tokens,
      cachedRead: row.cached_read_tokens,
      cacheWrite: row.cache_write_tokens,
      reasoning: row.reasoning_tokens,
    },
    costNanos: row.cost_nanos === null ? null : Number(row.cost_nanos),
    cacheStatus: row.cache_status as RequestLogEntry['cacheStatus'],
    finishReason: row.finish_reason,
    metadata: decode(row.metadata) as RequestLogEntry['metadata'],
    bodies: row.bodies === null ? null : (decode(row.bodies) as RequestLogEntry['bodies']),
  };
}

/** Usage sums as a query returns them, named as the rollup columns; a SUM over no rows is null. */
export type UsageSumsRow = Record<'requests' | 'input_tokens' | 'output_tokens' | 'cached_read_tokens' | 'cache_write_tokens' | 'reasoning_tokens' | 'cost_nanos' | 'unpriced' | 'errors', DbInteger | null>;

export function usageTotalsFromSums(row: UsageSumsRow): UsageTotals {
  return {
    requests: Number(row.requests ?? 0),
    inputTokens: Number(row.input_tokens ?? 0),
    outputTokens: Number(row.output_tokens ?? 0),
    cachedReadTokens: Number(row.cached_read_tokens ?? 0),
    cacheWriteTokens: Number(row.cache_write_tokens ?? 0),
    reasoningTokens: Number(row.reasoning_tokens ?? 0),
    costNanos: Number(row.cost_nanos ?? 0),
    unpricedRequests: Number(row.unpriced ?? 0),
    errors: Number(row.errors ?? 0),
  };
}

/** The `request_logs` column (alias `r`) a dimension reads. `model` falls back to the requested model for requests nothing served. */
export function dimensionColumn(dimension: Exclude<UsageDimension, { kind: 'metadata' }>): string {
  switch (dimension.kind) {
    case 'model':
      return 'coalesce(r.model, r.requested_model)';
    case 'provider':
      return 'r.provider';
    case 'key':
      return 'r.key_id';
  }
}
