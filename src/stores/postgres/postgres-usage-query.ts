import type pg from 'pg';
import { INTERVAL_MS, emptyTotals, type UsageDimension, type UsageQuery, type UsageReport, type UsageRow, type UsageTotals } from '../../observability/usage-query.ts';
import { dimensionColumn as rawColumn, usageTotalsFromSums as toTotals } from '../request-log-row.ts';

const HOUR = INTERVAL_MS.hour;

/** The sums every part of a usage query yields, in this order, named as the rollup tables' columns. */
const SUM_COLUMNS = ['requests', 'input_tokens', 'output_tokens', 'cached_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost_nanos', 'unpriced', 'errors'] as const;

/** Sums over raw request rows, named as the rollup columns. */
const RAW_SUMS = `COUNT(*)::bigint AS requests, SUM(r.input_tokens)::bigint AS input_tokens, SUM(r.output_tokens)::bigint AS output_tokens,
  SUM(r.cached_read_tokens)::bigint AS cached_read_tokens, SUM(r.cache_write_tokens)::bigint AS cache_write_tokens,
  SUM(r.reasoning_tokens)::bigint AS reasoning_tokens, COALESCE(SUM(r.cost_nanos), 0)::bigint AS cost_nanos,
  COUNT(*) FILTER (WHERE r.cost_nanos IS NULL) AS unpriced, COUNT(*) FILTER (WHERE r.status >= 400) AS errors`;

const rollupSums = (alias: string, sign = '') => SUM_COLUMNS.map((c) => `${sign}SUM(${alias}.${c})::bigint AS ${c}`).join(', ');

type Row = Record<(typeof SUM_COLUMNS)[number], bigint> & { grp: string | null; bucket: bigint | null };

/** Collects positional parameters while SQL text is assembled. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A half-open time range; null ends are unbounded. */
type Range = { from: number | null; to: number | null };

/**
 * Answers a usage question from the hourly rollups where they can, and from raw request rows
 * only where they cannot: the partial hours at the edges of [from, to), and questions the
 * rollups do not carry (a metadata filter, or metadata grouping combined with any filter).
 * Every part is aggregated on its own, then re-summed per (group, bucket); the total is the sum
 * of the rows, since every request lands in exactly one row.
 */
export async function queryPostgresUsage(pool: pg.Pool, query: UsageQuery): Promise<UsageReport> {
  const params = new Params();
  const plan = planParts(query);
  const edges = plan.some((part) => part.kind === 'rollup');
  const parts = plan.map((part) => (part.kind === 'raw' ? rawPart(query, part.range, params, edges) : rollupPart(query, part.range, params)));
  const bucket = query.interval ? 'bucket' : 'NULL::bigint';
  const { rows } = await pool.query<Row>(
    `SELECT grp, ${bucket} AS bucket, ${rollupSums('s')}
     FROM (${parts.join('\n UNION ALL \n')}) s
     GROUP BY grp, bucket
     HAVING SUM(s.requests) > 0
     ORDER BY bucket, grp IS NULL, grp COLLATE "C"`,
    params.values,
  );
  const total = emptyTotals();
  const report = rows.map((row): UsageRow => {
    const totals = toTotals(row);
    for (const key of Object.keys(total) as Array<keyof UsageTotals>) total[key] += totals[key];
    return { group: row.grp, bucket: row.bucket === null ? null : Number(row.bucket), ...totals };
  });
  return { rows: report, total };
}

/** Which ranges are read from the rollups and which from raw rows. */
function planParts(query: UsageQuery): Array<{ kind: 'raw' | 'rollup'; range: Range }> {
  const whole = { from: query.from, to: query.to };
  // '' stands for "none" in the rollup keys, so a filter for '' must read raw rows.
  const rollupable =
    query.filters.every((f) => f.dimension.kind !== 'metadata' && f.value !== '') && !(query.groupBy?.kind === 'metadata' && query.filters.length > 0);
  if (!rollupable) return [{ kind: 'raw', range: whole }];
  const alignedFrom = query.from === null ? null : Math.ceil(query.from / HOUR) * HOUR;
  const alignedTo = query.to === null ? null : Math.floor(query.to / HOUR) * HOUR;
  if (alignedFrom !== null && alignedTo !== null && alignedFrom >= alignedTo) return [{ kind: 'raw', range: whole }];
  const parts: Array<{ kind: 'raw' | 'rollup'; range: Range }> = [{ kind: 'rollup', range: { from: alignedFrom, to: alignedTo } }];
  if (query.from !== null && query.from < alignedFrom!) parts.push({ kind: 'raw', range: { from: query.from, to: alignedFrom } });
  if (query.to !== null && alignedTo! < query.to) parts.push({ kind: 'raw', range: { from: alignedTo, to: query.to } });
  return parts;
}

function bucketOf(column: string, query: UsageQuery): string {
  if (!query.interval) return 'NULL::bigint';
  const ms = INTERVAL_MS[query.interval];
  return `(${column} / ${ms}) * ${ms}`;
}

function rangeConditions(column: string, range: Range, params: Params): string[] {
  const conditions: string[] = [];
  if (range.from !== null) conditions.push(`${column} >= ${params.add(range.from)}::bigint`);
  if (range.to !== null) conditions.push(`${column} < ${params.add(range.to)}::bigint`);
  return conditions;
}

function rawPart(query: UsageQuery, range: Range, params: Params, edge: boolean): string {
  const where = rangeConditions('r.time', range, params);
  where.push(...rawConditions(query, params));
  const groupBy = query.groupBy;
  // An edge (under an hour of rows) looks each row's value up by primary key; a whole range joins.
  const lookup = edge && groupBy?.kind === 'metadata';
  const join = groupBy?.kind === 'metadata' && !lookup ? `LEFT JOIN request_metadata m ON m.request_id = r.id AND m.key = ${params.add(groupBy.key)}` : '';
  const grp =
    groupBy === null
      ? 'NULL::text'
      : groupBy.kind !== 'metadata'
        ? rawColumn(groupBy)
        : lookup
          ? `(SELECT m.value FROM request_metadata m WHERE m.request_id = r.id AND m.key = ${params.add(groupBy.key)})`
          : 'm.value';
  return `SELECT ${grp} AS grp, ${bucketOf('r.time', query)} AS bucket, ${RAW_SUMS}
    FROM request_logs r ${join} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY 1, 2`;
}

/** Conditions on raw request rows (alias `r`) for an account and ANDed filters; shared with listing. */
export function rawConditions(query: Pick<UsageQuery, 'accountId' | 'filters'>, params: Params): string[] {
  const where: string[] = [];
  if (query.accountId !== null) where.push(`r.account_id = ${params.add(query.accountId)}`);
  for (const filter of query.filters) {
    if (filter.dimension.kind === 'metadata') {
      where.push(
        `EXISTS (SELECT 1 FROM request_metadata f WHERE f.request_id = r.id AND f.key = ${params.add(filter.dimension.key)} AND f.value = ${params.add(filter.value)})`,
      );
    } else {
      where.push(`${rawColumn(filter.dimension)} = ${params.add(filter.value)}`);
    }
  }
  return where;
}

function rollupPart(query: UsageQuery, range: Range, params: Params): string {
  const groupBy = query.groupBy;
  const hourly = (grp: string, sign = '') => {
    const where = rangeConditions('h.hour', range, params);
    if (query.accountId !== null) where.push(`h.account_id = ${params.add(query.accountId)}`);
    for (const filter of query.filters) where.push(`${rollupFilterColumn(filter.dimension)} = ${params.add(filter.value)}`);
    return `SELECT ${grp} AS grp, ${bucketOf('h.hour', query)} AS bucket, ${rollupSums('h', sign)}
      FROM usage_hourly h ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY 1, 2`;
  };
  if (groupBy?.kind !== 'metadata') return hourly(groupBy === null ? 'NULL::text' : rollupColumn(groupBy));
  // By metadata: each value's sums, plus a null group = every request − those with a value.
  const byValue = (grp: string, sign: string) => {
    const where = rangeConditions('m.hour', range, params);
    if (query.accountId !== null) where.push(`m.account_id = ${params.add(query.accountId)}`);
    where.push(`m.key = ${params.add(groupBy.key)}`);
    return `SELECT ${grp} AS grp, ${bucketOf('m.hour', query)} AS bucket, ${rollupSums('m', sign)}
      FROM usage_metadata_hourly m WHERE ${where.join(' AND ')} GROUP BY 1, 2`;
  };
  return [byValue('m.value', ''), hourly('NULL::text'), byValue('NULL::text', '-')].join('\n UNION ALL \n');
}


/** The rollup column for a dimension, '' (none) read back as null. */
function rollupColumn(dimension: UsageDimension): string {
  switch (dimension.kind) {
    case 'model':
      return 'h.model';
    case 'provider':
      return "NULLIF(h.provider, '')";
    case 'key':
      return "NULLIF(h.key_id, '')";
    case 'metadata':
      throw new Error('metadata is not a column of usage_hourly');
  }
}

/** The rollup key column a filter compares (never for '', which the plan sends to raw rows). */
function rollupFilterColumn(dimension: UsageDimension): string {
  return dimension.kind === 'model' ? 'h.model' : dimension.kind === 'provider' ? 'h.provider' : 'h.key_id';
}
