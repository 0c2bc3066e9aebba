import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestLogEntry } from '../observability/request-log-entry.ts';
import { emptyTotals, type UsageQuery } from '../observability/usage-query.ts';
import { makeLogEntry } from '../observability/testing/make-log-entry.ts';
import type { RequestListQuery, RequestLogStore } from './request-log-store.ts';

/** One store under test, freshly created and empty. */
export type RequestLogStoreHarness = { store: RequestLogStore; close(): Promise<void> };

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 5, 1, 0, 0, 0);

const query = (overrides: Partial<UsageQuery> = {}): UsageQuery => ({
  accountId: 'acct_a',
  groupBy: null,
  from: null,
  to: null,
  interval: null,
  filters: [],
  ...overrides,
});

const listQuery = (overrides: Partial<RequestListQuery> = {}): RequestListQuery => ({
  accountId: 'acct_a',
  limit: 50,
  before: null,
  status: null,
  filters: [],
  ...overrides,
});

/**
 * The behaviour every `RequestLogStore` must have. Each implementation's test file calls this
 * with a factory for an empty store.
 */
export function describeRequestLogStoreContract(name: string, makeStore: () => Promise<RequestLogStoreHarness>): void {
  describe(`RequestLogStore contract: ${name}`, () => {
    let harness: RequestLogStoreHarness;
    let store: RequestLogStore;
    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });
    afterEach(() => harness.close());

    describe('append and get', () => {
      it('gives back every field of an entry exactly as appended', async () => {
        const entry = makeLogEntry({
          keyId: null,
          attempts: [
            { provider: 'anthropic', upstreamModel: 'claude-sonnet-4-5', status: 529, error: 'Overloaded', latencyMs: 80 },
            { provider: 'bedrock', upstreamModel: 'anthropic.claude-sonnet-4-5', status: 200, error: null, latencyMs: 900 },
          ],
          stream: true,
          ttftMs: 310,
          tokens: { input: 1200, output: 300, cachedRead: 1000, cacheWrite: 150, reasoning: 64 },
          costNanos: null,
          cacheStatus: 'MISS',
          finishReason: 'tool_calls',
          metadata: { agent: 'planner', tier: 'free', retries: 2, beta: true, 'team.name': 'search-1' },
          bodies: { requestHeaders: { 'content-type': 'application/json' }, request: { messages: [{ role: 'user', content: 'Hi' }] }, response: { ok: true } },
        });
        await store.append([entry]);
        assert.deepEqual(await store.get(entry.id, 'acct_a'), entry);
      });

      it('keeps a failed request with its error and no serving model', async () => {
        const entry = makeLogEntry({ model: null, provider: null, upstreamModel: null, attempts: [], status: 404, errorCode: 'model_not_found', errorMessage: "No model 'x'.", costNanos: null, finishReason: null });
        await store.append([entry]);
        assert.deepEqual(await store.get(entry.id, 'acct_a'), entry);
      });

      it('shows an entry only to its own account; null (admin) sees any', async () => {
        const entry = makeLogEntry({ accountId: 'acct_a' });
        await store.append([entry]);
        assert.equal(await store.get(entry.id, 'acct_b'), undefined);
        assert.equal((await store.get(entry.id, null))?.id, entry.id);
        assert.equal(await store.get('req_missing', null), undefined);
      });

      it('skips an id already stored, so a retried batch is not counted twice', async () => {
        const entry = makeLogEntry();
        await store.append([entry]);
        await store.append([{ ...entry, status: 500 }, makeLogEntry()]);
        assert.equal((await store.get(entry.id, null))?.status, 200);
        assert.equal((await store.queryUsage(query())).total.requests, 2);
      });

      it('writes a batch all or nothing', async () => {
        const good = makeLogEntry();
        const broken = makeLogEntry({ status: 1.5 }); // not an integer: every SQL database refuses it
        await assert.rejects(store.append([good, broken]));
        assert.equal(await store.get(good.id, null), undefined);
        await store.append([]);
      });

      it('appends a thousand entries in one call', async () => {
        const entries = Array.from({ length: 1000 }, (_, i) => makeLogEntry({ time: T0 + i, metadata: { n: i } }));
        await store.append(entries);
        assert.equal((await store.queryUsage(query())).total.requests, 1000);
      });
    });

    describe('list', () => {
      const seed = async () => {
        const entries = [
          makeLogEntry({ id: 'req_1', time: T0, metadata: { agent: 'planner' } }),
          makeLogEntry({ id: 'req_2', time: T0 + 10, metadata: { agent: 'coder' }, status: 502, errorCode: 'upstream_error' }),
          // Two in the same millisecond: paging must not skip or repeat either.
          makeLogEntry({ id: 'req_3a', time: T0 + 20, provider: 'anthropic', model: 'anthropic/claude-sonnet-4-5', metadata: { agent: 'planner', attempt: 2 } }),
          makeLogEntry({ id: 'req_3b', time: T0 + 20, status: 429, errorCode: 'rate_limited', metadata: { agent: 'planner' } }),
          makeLogEntry({ id: 'req_4', time: T0 + 30, requestedModel: 'nope/x', model: null, provider: null, upstreamModel: null, status: 404 }),
          makeLogEntry({ id: 'req_b', accountId: 'acct_b', time: T0 + 40, metadata: { agent: 'planner' } }),
        ];
        await store.append(entries);
        return entries;
      };
      const ids = (entries: RequestLogEntry[]) => entries.map((entry) => entry.id);

      it('lists the account’s requests newest first, whole', async () => {
        const entries = await seed();
        const listed = await store.list(listQuery());
        assert.deepEqual(ids(listed), ['req_4', 'req_3b', 'req_3a', 'req_2', 'req_1']);
        assert.deepEqual(listed[2], entries[2]);
        assert.deepEqual(ids(await store.list(listQuery({ accountId: null, limit: 2 }))), ['req_b', 'req_4']);
      });

      it('pages with a before cursor, without gaps or repeats in one millisecond', async () => {
        await seed();
        const seen: string[] = [];
        let before: string | null = null;
        for (;;) {
          const page = await store.list(listQuery({ limit: 2, before }));
          seen.push(...ids(page));
          if (page.length < 2) break;
          before = page[page.length - 1].id;
        }
        assert.deepEqual(seen, ['req_4', 'req_3b', 'req_3a', 'req_2', 'req_1']);
      });

      it('gives an empty page for an unknown cursor or another account’s', async () => {
        await seed();
        assert.deepEqual(await store.list(listQuery({ before: 'req_missing' })), []);
        assert.deepEqual(await store.list(listQuery({ before: 'req_b' })), []);
        assert.deepEqual(ids(await store.list(listQuery({ accountId: null, before: 'req_b' }))), ['req_4', 'req_3b', 'req_3a', 'req_2', 'req_1']);
      });

      it('filters by status, model, provider and metadata, ANDed', async () => {
        await seed();
        assert.deepEqual(ids(await store.list(listQuery({ status: 'error' }))), ['req_4', 'req_3b', 'req_2']);
        assert.deepEqual(ids(await store.list(listQuery({ status: 'success' }))), ['req_3a', 'req_1']);
        assert.deepEqual(ids(await store.list(listQuery({ status: 429 }))), ['req_3b']);
        assert.deepEqual(ids(await store.list(listQuery({ filters: [{ dimension: { kind: 'model' }, value: 'nope/x' }] }))), ['req_4']);
        const planner = { dimension: { kind: 'metadata', key: 'agent' }, value: 'planner' } as const;
        assert.deepEqual(ids(await store.list(listQuery({ filters: [planner] }))), ['req_3b', 'req_3a', 'req_1']);
        assert.deepEqual(ids(await store.list(listQuery({ filters: [planner, { dimension: { kind: 'provider' }, value: 'openai' }], status: 'success' }))), ['req_1']);
        assert.deepEqual(ids(await store.list(listQuery({ filters: [{ dimension: { kind: 'metadata', key: 'attempt' }, value: '2' }] }))), ['req_3a']);
      });
    });

    describe('usage', () => {
      const seed = async (): Promise<RequestLogEntry[]> => {
        const entries = [
          makeLogEntry({ time: T0 + 10, keyId: 'key_1', metadata: { agent: 'planner', tier: 'free' }, tokens: { input: 100, output: 10, cachedRead: 50, cacheWrite: 0, reasoning: 0 }, costNanos: 1_000 }),
          makeLogEntry({ time: T0 + HOUR + 5, keyId: 'key_1', metadata: { agent: 'planner', tier: 'pro' }, tokens: { input: 200, output: 20, cachedRead: 0, cacheWrite: 30, reasoning: 5 }, costNanos: 2_000 }),
          makeLogEntry({
            time: T0 + HOUR + 50,
            keyId: 'key_2',
            model: 'anthropic/claude-sonnet-4-5',
            provider: 'anthropic',
            upstreamModel: 'claude-sonnet-4-5',
            metadata: { agent: 'coder', tier: 'free' },
            tokens: { input: 300, output: 30, cachedRead: 0, cacheWrite: 0, reasoning: 0 },
            costNanos: null,
          }),
          makeLogEntry({ time: T0 + 2 * HOUR, keyId: 'key_2', requestedModel: 'nope/x', model: null, provider: null, upstreamModel: null, status: 404, errorCode: 'model_not_found', tokens: { input: 0, output: 0, cachedRead: 0, cacheWrite: 0, reasoning: 0 }, costNanos: null }),
          makeLogEntry({ accountId: 'acct_b', time: T0 + 20, metadata: { agent: 'planner' }, costNanos: 9_000_000 }),
        ];
        await store.append(entries);
        return entries;
      };

      it('totals the account’s requests, tokens, known cost, unpriced requests and errors', async () => {
        await seed();
        const report = await store.queryUsage(query());
        const total = { requests: 4, inputTokens: 600, outputTokens: 60, cachedReadTokens: 50, cacheWriteTokens: 30, reasoningTokens: 5, costNanos: 3_000, unpricedRequests: 2, errors: 1 };
        assert.deepEqual(report.total, total);
        assert.deepEqual(report.rows, [{ group: null, bucket: null, ...total }]);
      });

      it('answers zeros for an account with no requests', async () => {
        await seed();
        assert.deepEqual(await store.queryUsage(query({ accountId: 'acct_none' })), { rows: [], total: emptyTotals() });
      });

      it('groups by model (the requested model when nothing served), provider and key', async () => {
        await seed();
        const byModel = await store.queryUsage(query({ groupBy: { kind: 'model' } }));
        assert.deepEqual(byModel.rows.map((r) => [r.group, r.requests, r.costNanos]), [
          ['anthropic/claude-sonnet-4-5', 1, 0],
          ['nope/x', 1, 0],
          ['openai/gpt-4o-mini', 2, 3_000],
        ]);
        const byProvider = await store.queryUsage(query({ groupBy: { kind: 'provider' } }));
        assert.deepEqual(byProvider.rows.map((r) => [r.group, r.requests, r.errors]), [
          ['anthropic', 1, 0],
          ['openai', 2, 0],
          [null, 1, 1],
        ]);
        const byKey = await store.queryUsage(query({ groupBy: { kind: 'key' } }));
        assert.deepEqual(byKey.rows.map((r) => [r.group, r.requests, r.inputTokens]), [
          ['key_1', 2, 300],
          ['key_2', 2, 300],
        ]);
      });

      it('groups by a metadata key, requests without it under null', async () => {
        await seed();
        const byAgent = await store.queryUsage(query({ groupBy: { kind: 'metadata', key: 'agent' } }));
        assert.deepEqual(byAgent.rows.map((r) => [r.group, r.requests, r.inputTokens, r.cachedReadTokens]), [
          ['coder', 1, 300, 0],
          ['planner', 2, 300, 50],
          [null, 1, 0, 0],
        ]);
        assert.equal(byAgent.total.requests, 4);
      });

      it('filters by metadata and by dimension, ANDed', async () => {
        await seed();
        const free = await store.queryUsage(query({ filters: [{ dimension: { kind: 'metadata', key: 'tier' }, value: 'free' }], groupBy: { kind: 'metadata', key: 'agent' } }));
        assert.deepEqual(free.rows.map((r) => [r.group, r.requests]), [['coder', 1], ['planner', 1]]);
        const freeOpenai = await store.queryUsage(query({ filters: [{ dimension: { kind: 'metadata', key: 'tier' }, value: 'free' }, { dimension: { kind: 'provider' }, value: 'openai' }] }));
        assert.equal(freeOpenai.total.requests, 1);
        assert.equal((await store.queryUsage(query({ filters: [{ dimension: { kind: 'key' }, value: 'key_2' }] }))).total.requests, 2);
      });

      it('compares metadata numbers and booleans as their JSON text', async () => {
        await store.append([makeLogEntry({ metadata: { attempt: 2, beta: true } }), makeLogEntry({ metadata: { attempt: 3, beta: false } })]);
        assert.equal((await store.queryUsage(query({ filters: [{ dimension: { kind: 'metadata', key: 'attempt' }, value: '2' }] }))).total.requests, 1);
        const byBeta = await store.queryUsage(query({ groupBy: { kind: 'metadata', key: 'beta' } }));
        assert.deepEqual(byBeta.rows.map((r) => r.group), ['false', 'true']);
      });

      it('limits to [from, to) and buckets by hour or day (UTC)', async () => {
        await seed();
        const window = await store.queryUsage(query({ from: T0 + HOUR, to: T0 + 2 * HOUR }));
        assert.equal(window.total.requests, 2);
        const hourly = await store.queryUsage(query({ interval: 'hour' }));
        assert.deepEqual(hourly.rows.map((r) => [r.bucket, r.requests]), [
          [T0, 1],
          [T0 + HOUR, 2],
          [T0 + 2 * HOUR, 1],
        ]);
        const daily = await store.queryUsage(query({ interval: 'day', groupBy: { kind: 'provider' } }));
        assert.deepEqual(daily.rows.map((r) => [r.bucket, r.group, r.requests]), [
          [T0, 'anthropic', 1],
          [T0, 'openai', 2],
          [T0, null, 1],
        ]);
      });

      it('sums every account when accountId is null (admin)', async () => {
        await seed();
        const all = await store.queryUsage(query({ accountId: null, groupBy: { kind: 'metadata', key: 'agent' } }));
        assert.equal(all.total.requests, 5);
        assert.equal(all.total.costNanos, 9_003_000);
        assert.deepEqual(all.rows.find((r) => r.group === 'planner')?.requests, 3);
      });

      it('deletes entries older than a time, metadata with them', async () => {
        await seed();
        assert.equal(await store.deleteOlderThan(T0 + HOUR), 2);
        assert.equal((await store.queryUsage(query({ accountId: null }))).total.requests, 3);
        const byAgent = await store.queryUsage(query({ accountId: null, groupBy: { kind: 'metadata', key: 'agent' } }));
        assert.deepEqual(byAgent.rows.map((r) => [r.group, r.requests]), [['coder', 1], ['planner', 1], [null, 1]]);
      });
    });
  });
}
