/**
 * Usage-query latency at volume, SQLite against PostgreSQL:
 *   node bench/usage-query.ts --rows 1000000 [--queries 20] [--database-url postgres://…] [--only sqlite|postgres] [--keep]
 * Loads N synthetic requests (10 accounts, 30 days, 8 models, 4 providers, 50 keys, an `agent`
 * metadata key on 80% of them) with set-based SQL (`generate_series` / a recursive CTE), builds
 * the PostgreSQL rollups as appends would, then times `queryUsage` for one account's last 30
 * days (a window that does not start on the hour) grouped by model and by metadata.agent.
 * Results are in docs/deploy.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { UsageQuery } from '../src/observability/usage-query.ts';
import type { RequestLogStore } from '../src/stores/request-log-store.ts';
import { openSqlite } from '../src/stores/sqlite/open-sqlite.ts';
import { SqliteRequestLogStore } from '../src/stores/sqlite/sqlite-request-log-store.ts';
import { openPostgres, quoteIdentifier } from '../src/stores/postgres/open-postgres.ts';
import { PostgresRequestLogStore } from '../src/stores/postgres/postgres-request-log-store.ts';
import { summarise } from './stats.ts';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '20' },
    'database-url': { type: 'string', default: process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres' },
    only: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const ROWS = Number(values.rows);
const QUERIES = Number(values.queries);
const DAY = 86_400_000;
const END = Date.UTC(2025, 6, 1);
const START = END - 30 * DAY;
const SCHEMA = 'sy_bench_usage';

/** Row n's columns as SQL over an integer `n`, shared by both loaders (both divide integers alike). */
const synthetic = (n: string) => ({
  id: `'req_' || ${n}`,
  time: `${START} + (${n} * 7919) % ${30 * DAY}`,
  account: `'acct_' || (${n} % 10)`,
  key: `'key_' || (${n} % 50)`,
  model: `'model-' || (${n} % 8)`,
  provider: `'provider-' || (${n} % 4)`,
  status: `CASE WHEN ${n} % 50 = 0 THEN 502 ELSE 200 END`,
  input: `(${n} % 4000)`,
  output: `(${n} % 700)`,
  cost: `CASE WHEN ${n} % 20 = 0 THEN NULL ELSE (${n} % 100000) END`,
  agent: `'agent-' || (${n} % 20)`,
});

const queries: Array<[string, UsageQuery]> = [
  ['group_by=model', { accountId: 'acct_3', groupBy: { kind: 'model' }, from: START + 1234, to: END, interval: null, filters: [] }],
  ['group_by=metadata.agent', { accountId: 'acct_3', groupBy: { kind: 'metadata', key: 'agent' }, from: START + 1234, to: END, interval: null, filters: [] }],
  ['group_by=model, day buckets', { accountId: 'acct_3', groupBy: { kind: 'model' }, from: START + 1234, to: END, interval: 'day', filters: [] }],
];

async function time<T>(run: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await run();
  return [performance.now() - started, result];
}

async function measure(name: string, store: RequestLogStore): Promise<void> {
  for (const [label, query] of queries) {
    await store.queryUsage(query); // warm the cache once
    const samples: number[] = [];
    let requests = 0;
    for (let i = 0; i < QUERIES; i++) {
      const [ms, report] = await time(() => store.queryUsage(query));
      samples.push(ms);
      requests = report.total.requests;
    }
    const s = summarise(samples);
    console.log(`${name.padEnd(10)} ${label.padEnd(28)} p50 ${s.p50.toFixed(1).padStart(8)} ms   p99 ${s.p99.toFixed(1).padStart(8)} ms   (${requests} requests summed)`);
  }
}

async function benchPostgres(): Promise<void> {
  const admin = await openPostgres(values['database-url']!, { migrate: false });
  await admin.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(SCHEMA)} CASCADE`);
  await admin.end();
  const pool = await openPostgres(values['database-url']!, { schema: SCHEMA });
  try {
    const r = synthetic('n');
    const [loadMs] = await time(async () => {
      const chunk = 1_000_000;
      for (let from = 0; from < ROWS; from += chunk) {
        const to = Math.min(ROWS, from + chunk) - 1;
        await pool.query(`INSERT INTO request_logs (id, time, account_id, key_id, format, requested_model, model, provider, upstream_model, attempts, status,
            latency_ms, stream, input_tokens, output_tokens, cached_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos, metadata)
          SELECT ${r.id}, ${r.time}, ${r.account}, ${r.key}, 'openai-chat', ${r.model}, ${r.model}, ${r.provider}, ${r.model}, '[]', ${r.status},
            400, false, ${r.input}, ${r.output}, 0, 0, 0, ${r.cost},
            CASE WHEN n % 5 = 0 THEN '{}' ELSE json_build_object('agent', ${r.agent}) END
          FROM generate_series(${from}::bigint, ${to}::bigint) AS n`);
        await pool.query(`INSERT INTO request_metadata (request_id, account_id, time, key, value)
          SELECT ${r.id}, ${r.account}, ${r.time}, 'agent', ${r.agent} FROM generate_series(${from}::bigint, ${to}::bigint) AS n WHERE n % 5 <> 0`);
      }
      // The rollups exactly as appends maintain them.
      await pool.query(`INSERT INTO usage_hourly SELECT account_id, (time / 3600000) * 3600000, coalesce(model, requested_model), coalesce(provider, ''), coalesce(key_id, ''),
          COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cached_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens),
          COALESCE(SUM(cost_nanos), 0), COUNT(*) FILTER (WHERE cost_nanos IS NULL), COUNT(*) FILTER (WHERE status >= 400)
        FROM request_logs GROUP BY 1, 2, 3, 4, 5`);
      await pool.query(`INSERT INTO usage_metadata_hourly SELECT r.account_id, m.key, (r.time / 3600000) * 3600000, m.value,
          COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cached_read_tokens), SUM(cache_write_tokens), SUM(reasoning_tokens),
          COALESCE(SUM(cost_nanos), 0), COUNT(*) FILTER (WHERE cost_nanos IS NULL), COUNT(*) FILTER (WHERE status >= 400)
        FROM request_logs r JOIN request_metadata m ON m.request_id = r.id GROUP BY 1, 2, 3, 4`);
      await pool.query('ANALYZE');
    });
    const { rows } = await pool.query(`SELECT (SELECT COUNT(*) FROM usage_hourly) AS hourly, (SELECT COUNT(*) FROM usage_metadata_hourly) AS meta`);
    console.log(`postgres   loaded ${ROWS} requests in ${(loadMs / 1000).toFixed(1)} s (rollups: ${rows[0].hourly} hourly rows, ${rows[0].meta} metadata rows)`);
    const store = new PostgresRequestLogStore(pool);
    await measure('postgres', store);
    // The same questions when the rollups cannot answer (a metadata filter forces raw rows).
    const raw: UsageQuery = { ...queries[0][1], filters: [{ dimension: { kind: 'metadata', key: 'agent' }, value: 'agent-3' }] };
    const [ms, report] = await time(() => store.queryUsage(raw));
    console.log(`postgres   raw rows, metadata filter       one query ${ms.toFixed(1)} ms   (${report.total.requests} requests summed)`);
  } finally {
    if (values.keep) console.log(`postgres   kept the data in schema ${SCHEMA} (--keep)`);
    else await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdentifier(SCHEMA)} CASCADE`);
    await pool.end();
  }
}

async function benchSqlite(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-usage-bench-'));
  const db = openSqlite(join(dir, 'bench.sqlite'));
  try {
    const r = synthetic('n');
    const [loadMs] = await time(async () => {
      db.exec('BEGIN');
      db.exec(`WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ${ROWS - 1})
        INSERT INTO request_logs (id, time, account_id, key_id, format, requested_model, model, provider, upstream_model, attempts, status,
          latency_ms, stream, input_tokens, output_tokens, cached_read_tokens, cache_write_tokens, reasoning_tokens, cost_nanos, metadata)
        SELECT ${r.id}, ${r.time}, ${r.account}, ${r.key}, 'openai-chat', ${r.model}, ${r.model}, ${r.provider}, ${r.model}, '[]', ${r.status},
          400, 0, ${r.input}, ${r.output}, 0, 0, 0, ${r.cost}, CASE WHEN n % 5 = 0 THEN '{}' ELSE json_object('agent', ${r.agent}) END FROM s`);
      db.exec(`WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < ${ROWS - 1})
        INSERT INTO request_metadata (request_id, account_id, time, key, value) SELECT ${r.id}, ${r.account}, ${r.time}, 'agent', ${r.agent} FROM s WHERE n % 5 <> 0`);
      db.exec('COMMIT');
      db.exec('ANALYZE');
    });
    console.log(`sqlite     loaded ${ROWS} requests in ${(loadMs / 1000).toFixed(1)} s`);
    await measure('sqlite', new SqliteRequestLogStore(db));
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`usage-query bench: ${ROWS} requests, ${QUERIES} timed queries per line`);
if (values.only !== 'sqlite') await benchPostgres();
if (values.only !== 'postgres') await benchSqlite();
