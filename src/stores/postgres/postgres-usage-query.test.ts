import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeLogEntry } from '../../observability/testing/make-log-entry.ts';
import type { UsageDimension, UsageQuery } from '../../observability/usage-query.ts';
import { openSqlite } from '../sqlite/open-sqlite.ts';
import { SqliteRequestLogStore } from '../sqlite/sqlite-request-log-store.ts';
import { PostgresRequestLogStore } from './postgres-request-log-store.ts';
import { openTestSchema } from './test-database.ts';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 5, 1);

/** A deterministic pseudo-random sequence, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

test('rollup-backed usage answers equal raw-row answers (SQLite as the oracle), at ragged windows and after retention', async () => {
  const next = random(42);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const entries = Array.from({ length: 600 }, () => {
    const served = next() > 0.1;
    const metadata: Record<string, string | number | boolean> = {};
    if (next() > 0.2) metadata.agent = pick(['planner', 'coder', 'critic']);
    if (next() > 0.5) metadata.tier = pick(['free', 'pro']);
    if (next() > 0.7) metadata.attempt = pick([1, 2, true]);
    return makeLogEntry({
      time: T0 + Math.floor(next() * 50 * HOUR),
      accountId: pick(['acct_a', 'acct_b']),
      keyId: pick(['key_1', 'key_2', null]),
      requestedModel: pick(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5', 'nope/x']),
      model: served ? pick(['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4-5']) : null,
      provider: served ? pick(['openai', 'anthropic', 'bedrock']) : null,
      status: served ? pick([200, 200, 200, 429, 502]) : 404,
      tokens: { input: Math.floor(next() * 5000), output: Math.floor(next() * 500), cachedRead: Math.floor(next() * 100), cacheWrite: 3, reasoning: 1 },
      costNanos: next() > 0.2 ? Math.floor(next() * 1e9) : null,
      metadata,
    });
  });

  const sqliteDb = openSqlite(':memory:');
  const oracle = new SqliteRequestLogStore(sqliteDb);
  const { pool, close } = await openTestSchema();
  const store = new PostgresRequestLogStore(pool);
  try {
    // In uneven batches, with a repeated batch: the rollups must count each request once.
    for (let i = 0; i < entries.length; i += 97) {
      await oracle.append(entries.slice(i, i + 97));
      await store.append(entries.slice(i, i + 97));
    }
    await store.append(entries.slice(0, 50));

    const groupings: Array<UsageDimension | null> = [null, { kind: 'model' }, { kind: 'provider' }, { kind: 'key' }, { kind: 'metadata', key: 'agent' }, { kind: 'metadata', key: 'attempt' }];
    const windows: Array<[number | null, number | null]> = [
      [null, null],
      [T0 + 3 * HOUR, T0 + 20 * HOUR],
      [T0 + 3 * HOUR + 1234, T0 + 20 * HOUR - 1],
      [T0 + 5 * HOUR + 10, T0 + 5 * HOUR + 900_000],
      [T0 + 5 * HOUR + 10, null],
      [null, T0 + 7 * HOUR + 1],
    ];
    const filterSets: Array<UsageQuery['filters']> = [[], [{ dimension: { kind: 'provider' }, value: 'openai' }], [{ dimension: { kind: 'metadata', key: 'tier' }, value: 'free' }]];
    const compare = async () => {
      for (const groupBy of groupings) {
        for (const [from, to] of windows) {
          for (const filters of filterSets) {
            for (const interval of [null, 'hour', 'day'] as const) {
              for (const accountId of ['acct_a', null]) {
                const query: UsageQuery = { accountId, groupBy, from, to, interval, filters };
                assert.deepEqual(await store.queryUsage(query), await oracle.queryUsage(query), JSON.stringify(query));
              }
            }
          }
        }
      }
    };
    await compare();
    const everything = await store.queryUsage({ accountId: null, groupBy: { kind: 'metadata', key: 'agent' }, from: null, to: null, interval: 'hour', filters: [] });
    assert.equal(everything.total.requests, entries.length, 'the repeated batch was not counted twice');
    assert.ok(everything.rows.length > 100, 'the comparison covers many groups and buckets');
    const cut = T0 + 9 * HOUR + 777;
    assert.equal(await store.deleteOlderThan(cut), await oracle.deleteOlderThan(cut));
    await compare();
  } finally {
    sqliteDb.close();
    await close();
  }
});
