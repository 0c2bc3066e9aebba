import { GatewayError } from '../core/errors.ts';
import type { UsageDimension, UsageInterval, UsageQuery } from './usage-query.ts';

const METADATA_KEY = /^[A-Za-z0-9_.-]{1,64}$/;
const FILTER_PARAM = /^filter\[(.+)\]$/;
const KNOWN = new Set(['group_by', 'from', 'to', 'interval', 'account']);
/** ISO 8601 date or date-time (`2025-06-01`, `2025-06-01T12:00:00Z`, with an offset); Date.parse alone accepts too much. Times without an offset are UTC. */
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function bad(message: string, param: string): GatewayError {
  return GatewayError.invalidRequest(message, param);
}

/** `model`, `provider`, `key` or `metadata.<key>`, else a 400 naming `param`. */
export function parseDimension(text: string, param: string): UsageDimension {
  if (text === 'model' || text === 'provider' || text === 'key') return { kind: text };
  if (text.startsWith('metadata.')) {
    const key = text.slice('metadata.'.length);
    if (METADATA_KEY.test(key)) return { kind: 'metadata', key };
    throw bad(`'${param}': metadata key '${key}' must be 1-64 characters of A-Z a-z 0-9 _ . -`, param);
  }
  throw bad(`'${param}' must be model, provider, key or metadata.<key>, not '${text}'.`, param);
}

function parseTime(text: string, param: string): number {
  const match = ISO_TIME.exec(text);
  // A date-time without an offset would be local time to Date.parse; the API means UTC.
  const time = match ? Date.parse(match[1] && !match[4] ? `${text}Z` : text) : NaN;
  if (Number.isNaN(time)) throw bad(`'${param}' must be an ISO 8601 date or date-time (2025-06-01 or 2025-06-01T12:00:00Z), not '${text}'.`, param);
  return time;
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw bad(`'${name}' may be given once.`, name);
  return values[0];
}

/**
 * Reads `GET /v1/usage` parameters: `group_by=model|provider|key|metadata.<k>`, `from`/`to`
 * (ISO 8601; `from` inclusive, `to` exclusive; a bare date means midnight UTC), `interval=hour|day`
 * and any number of `filter[<dimension>]=<value>` (ANDed). `account` is accepted only when
 * `allowAccount` (the admin route); otherwise usage is always the caller's own.
 */
export function parseUsageQuery(params: URLSearchParams, scope: { accountId: string | null; allowAccount: boolean }): UsageQuery {
  for (const name of new Set(params.keys())) {
    if (KNOWN.has(name) || FILTER_PARAM.test(name)) continue;
    throw bad(`Unknown parameter '${name}'. Use group_by, from, to, interval and filter[<dimension>].`, name);
  }
  const groupBy = single(params, 'group_by');
  const from = single(params, 'from');
  const to = single(params, 'to');
  const interval = single(params, 'interval');
  const account = single(params, 'account');
  if (account !== undefined && !scope.allowAccount) throw bad("'account' is only for the admin usage API.", 'account');
  if (interval !== undefined && interval !== 'hour' && interval !== 'day') throw bad(`'interval' must be hour or day, not '${interval}'.`, 'interval');

  const query: UsageQuery = {
    accountId: scope.allowAccount ? (account || null) : scope.accountId,
    groupBy: groupBy === undefined || groupBy === '' ? null : parseDimension(groupBy, 'group_by'),
    from: from === undefined ? null : parseTime(from, 'from'),
    to: to === undefined ? null : parseTime(to, 'to'),
    interval: (interval as UsageInterval | undefined) ?? null,
    filters: [],
  };
  if (query.from !== null && query.to !== null && query.from >= query.to) throw bad("'from' must be before 'to'.", 'from');
  for (const [name, value] of params) {
    const match = FILTER_PARAM.exec(name);
    if (match) query.filters.push({ dimension: parseDimension(match[1], name), value });
  }
  return query;
}
