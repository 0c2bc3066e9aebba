import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openSqlite } from '../../src/stores/sqlite/open-sqlite.ts';
import { SqliteRequestLogStore } from '../../src/stores/sqlite/sqlite-request-log-store.ts';
import { RequestLogger } from '../../src/observability/request-logger.ts';
import { makeLogEntry } from '../../src/observability/testing/make-log-entry.ts';
import { startStack, type Stack } from './stack.ts';

const adminKey = 'admin-key-for-observability-tests-0123';
const DAY = 86_400_000;
const T0 = Date.UTC(2025, 5, 1, 8, 0, 0);

/**
 * The request log, usage and metrics endpoints of a running gateway. Entries are written by a
 * RequestLogger on a second connection to the gateway's SQLite file, as the request path will.
 */
describe('observability endpoints', () => {
  let stack: Stack;
  let dir: string;
  let db: DatabaseSync;
  const accounts: Record<'a' | 'b', { id: string; key: string; keyId: string }> = {} as never;

  const get = (path: string, key: string) => fetch(`${stack.gateway.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const getJson = async (path: string, key: string) => {
    const response = await get(path, key);
    return { status: response.status, body: (await response.json()) as any };
  };

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'switchyard-observability-e2e-'));
    const path = join(dir, 'switchyard.sqlite');
    stack = await startStack({ adminKey, env: { DATABASE_URL: `sqlite:${path}` } });
    for (const name of ['a', 'b'] as const) {
      const admin = { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' };
      const account = (await (await fetch(`${stack.gateway.url}/admin/accounts`, { method: 'POST', headers: admin, body: JSON.stringify({ name }) })).json()) as { id: string };
      const key = (await (await fetch(`${stack.gateway.url}/admin/accounts/${account.id}/keys`, { method: 'POST', headers: admin, body: JSON.stringify({ name: 'k' }) })).json()) as { id: string; key: string };
      accounts[name] = { id: account.id, key: key.key, keyId: key.id };
    }

    db = openSqlite(path);
    const logger = new RequestLogger(new SqliteRequestLogStore(db));
    const a = { accountId: accounts.a.id, keyId: accounts.a.keyId };
    logger.enqueue(makeLogEntry({ ...a, id: 'req_a1', time: T0, metadata: { agent: 'planner', tier: 'free' }, costNanos: 1_500_000_000 }));
    logger.enqueue(makeLogEntry({ ...a, id: 'req_a2', time: T0 + 60_000, metadata: { agent: 'coder', tier: 'pro' }, costNanos: 250 }));
    logger.enqueue(makeLogEntry({ ...a, id: 'req_a3', time: T0 + DAY, metadata: { agent: 'planner', tier: 'free' }, status: 502, errorCode: 'upstream_error', errorMessage: 'Bad gateway.', costNanos: null }));
    logger.enqueue(makeLogEntry({ accountId: accounts.b.id, keyId: accounts.b.keyId, id: 'req_b1', time: T0, metadata: { agent: 'planner', tier: 'free' } }));
    await logger.close();
  });

  after(async () => {
    db?.close();
    await stack?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('GET /v1/requests/{id} shows the caller its own request', async () => {
    const { status, body } = await getJson('/v1/requests/req_a1', accounts.a.key);
    assert.equal(status, 200);
    assert.equal(body.id, 'req_a1');
    assert.equal(body.object, 'request');
    assert.equal(body.created_at, '2025-06-01T08:00:00.000Z');
    assert.equal(body.account_id, accounts.a.id);
    assert.equal(body.model, 'openai/gpt-4o-mini');
    assert.deepEqual(body.attempts, [{ provider: 'openai', upstream_model: 'gpt-4o-mini', status: 200, error: null, latency_ms: 420 }]);
    assert.deepEqual(body.usage, { input_tokens: 100, output_tokens: 20, cached_tokens: 0, cache_write_tokens: 0, reasoning_tokens: 0 });
    assert.equal(body.cost_usd, '1.500000000');
    assert.deepEqual(body.metadata, { agent: 'planner', tier: 'free' });
  });

  test('another account’s request is a 404, like one that does not exist; the admin reads any', async () => {
    const foreign = await getJson('/v1/requests/req_a1', accounts.b.key);
    assert.equal(foreign.status, 404);
    assert.equal(foreign.body.error.type, 'not_found_error');
    const missing = await getJson('/v1/requests/req_nope', accounts.a.key);
    assert.equal(missing.status, 404);
    assert.deepEqual(foreign.body.error.message.replace('req_a1', 'X'), missing.body.error.message.replace('req_nope', 'X'));
    assert.equal((await getJson('/admin/requests/req_a1', adminKey)).body.account_id, accounts.a.id);
    assert.equal((await get('/admin/requests/req_a1', accounts.a.key)).status, 401);
    assert.equal((await get('/v1/requests/req_a1', '')).status, 401);
  });

  test('GET /v1/usage groups the caller’s usage by metadata, per day, filtered', async () => {
    const { status, body } = await getJson('/v1/usage?group_by=metadata.agent&interval=day', accounts.a.key);
    assert.equal(status, 200);
    assert.deepEqual(
      body.data.map((row: any) => [row.bucket, row.group, row.requests, row.errors, row.cost_usd]),
      [
        ['2025-06-01T00:00:00.000Z', 'coder', 1, 0, '0.000000250'],
        ['2025-06-01T00:00:00.000Z', 'planner', 1, 0, '1.500000000'],
        ['2025-06-02T00:00:00.000Z', 'planner', 1, 1, '0.000000000'],
      ],
    );
    assert.deepEqual(body.total, {
      requests: 3,
      input_tokens: 300,
      output_tokens: 60,
      cached_tokens: 0,
      cache_write_tokens: 0,
      reasoning_tokens: 0,
      cost_usd: '1.500000250',
      cost_nanos: 1_500_000_250,
      unpriced_requests: 1,
      errors: 1,
    });

    const free = await getJson('/v1/usage?group_by=model&filter[metadata.tier]=free&from=2025-06-01&to=2025-06-02', accounts.a.key);
    assert.deepEqual(free.body.data.map((row: any) => [row.group, row.requests]), [['openai/gpt-4o-mini', 1]]);
    assert.equal('bucket' in free.body.data[0], false, 'no bucket without an interval');
  });

  test('bad usage parameters are 400s in the OpenAI error shape; account is admin-only', async () => {
    for (const qs of ['group_by=colour', 'interval=week', 'from=last-tuesday', 'filter[metadata.]=x', `account=${accounts.b.id}`]) {
      const { status, body } = await getJson(`/v1/usage?${qs}`, accounts.a.key);
      assert.equal(status, 400, qs);
      assert.equal(body.error.type, 'invalid_request_error', qs);
    }
  });

  test('GET /admin/usage reads one account, or all of them', async () => {
    const one = await getJson(`/admin/usage?account=${accounts.b.id}`, adminKey);
    assert.equal(one.body.total.requests, 1);
    const all = await getJson('/admin/usage?group_by=metadata.tier', adminKey);
    assert.deepEqual(all.body.data.map((row: any) => [row.group, row.requests]), [['free', 3], ['pro', 1]]);
    assert.equal((await get('/admin/usage', accounts.a.key)).status, 401);
  });

  test('GET /metrics is public Prometheus text', async () => {
    const response = await fetch(`${stack.gateway.url}/metrics`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    for (const family of ['switchyard_requests_total counter', 'switchyard_request_duration_seconds histogram', 'switchyard_time_to_first_token_seconds histogram']) {
      assert.ok(text.includes(`# TYPE ${family}\n`), family);
    }
  });
});
