import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../src/emulator/index.ts';
import { chatText, followToEnd, frameIds, readFrames } from './sse-reading.ts';
import { adminCall, emulatedProviderEnv, fundedAccount, sharedBackends, spawnGateway, type GatewayProcess } from './gateway-process.ts';

/**
 * Gateway processes (A and B, plus C, which one test kills) behind no balancer at all — the
 * test plays the balancer and picks the instance — sharing one PostgreSQL schema and one Redis
 * key prefix, as `compose.yaml` runs them. What must hold for a fleet: a stream started on one instance resumes on the other;
 * concurrent spending through both never overdraws a wallet; an instance killed with SIGKILL
 * loses no money and no frame it had already produced.
 */
const adminKey = 'admin-key-for-fleet-tests-0123456789';
const prompt = 'Tell me a long story about a night train crossing the mountains under a full moon with many stops';
const expectedText = `Echo: ${prompt}`;
// openai/gpt-4o-mini: $0.15 input and $0.60 output per million tokens = 150 and 600 nano-dollars per token.
const gpt4oMiniCost = (usage: { prompt_tokens: number; completion_tokens: number }) => usage.prompt_tokens * 150 + usage.completion_tokens * 600;

describe('two gateway instances sharing PostgreSQL and Redis', () => {
  let backends: Awaited<ReturnType<typeof sharedBackends>>;
  let emulator: Emulator;
  let a: GatewayProcess;
  let b: GatewayProcess;
  /** The instance the SIGKILL test kills. */
  let c: GatewayProcess;
  let dir: string;

  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${emulator.url}/_emulator/${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const chat = (instance: GatewayProcess, key: string, body: Record<string, unknown>, signal?: AbortSignal) =>
    fetch(`${instance.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: prompt }], ...body }),
      signal,
    });
  const resume = (instance: GatewayProcess, key: string, id: string, lastEventId: number) =>
    fetch(`${instance.url}/v1/streams/${id}`, { headers: { authorization: `Bearer ${key}`, 'last-event-id': String(lastEventId) } });
  const wallet = (instance: GatewayProcess, key: string) => fetch(`${instance.url}/v1/wallet`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json() as Promise<Record<string, number>>);

  before(async () => {
    [backends, emulator] = await Promise.all([sharedBackends(), startEmulator({ port: 0 })]);
    dir = mkdtempSync(join(tmpdir(), 'switchyard-fleet-'));
    // Frequent sweeps everywhere; C's holds last only 1.5 s, so the hold it leaves when killed is
    // released within the test. (A and B keep the default: a hold must outlive its request.)
    const configFile = join(dir, 'switchyard.json');
    writeFileSync(configFile, JSON.stringify({ billing: { sweepIntervalMs: 250 } }));
    const shortHolds = join(dir, 'short-holds.json');
    writeFileSync(shortHolds, JSON.stringify({ billing: { holdTtlMs: 1500, sweepIntervalMs: 250 } }));
    const env = {
      ...emulatedProviderEnv(emulator.url),
      SWITCHYARD_ADMIN_KEY: adminKey,
      DATABASE_URL: backends.databaseUrl,
      REDIS_URL: backends.redisUrl,
      SWITCHYARD_REDIS_KEY_PREFIX: backends.redisKeyPrefix,
      // A dead writer's live stream lapses after 1 s instead of 10 minutes.
      SWITCHYARD_STREAM_LIVE_TTL_MS: '1000',
    };
    // Both at once: the migrations' advisory lock lets exactly one migrate.
    [a, b, c] = await Promise.all([spawnGateway(env, ['--config', configFile]), spawnGateway(env, ['--config', configFile]), spawnGateway(env, ['--config', shortHolds])]);
  });
  after(async () => {
    for (const instance of [a, b, c]) if (instance && instance.child.exitCode === null && instance.child.signalCode === null) instance.child.kill('SIGTERM');
    await Promise.all([a?.exited, b?.exited, c?.exited]);
    await emulator?.close();
    await backends?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('both instances are ready: database and Redis answer', async () => {
    for (const instance of [a, b]) {
      const response = await fetch(`${instance.url}/readyz`);
      assert.equal(response.status, 200);
      const body = (await response.json()) as { status: string; checks: Record<string, { status: string }> };
      assert.equal(body.status, 'ready');
      assert.deepEqual(Object.fromEntries(Object.entries(body.checks).map(([name, check]) => [name, check.status])), { database: 'ok', redis: 'ok', shutdown: 'ok' });
    }
  });

  test('a stream started on A resumes on B with Last-Event-ID: exact text, no gap, no duplicate, one upstream call', async (t) => {
    const { key } = await fundedAccount(a.url, adminKey, '1');
    await control('DELETE', 'requests');
    await control('POST', 'faults', { provider: 'openai', fault: { token_delay_ms: 20 }, times: 1 });
    const abort = new AbortController();
    const started = await chat(a, key, { stream: true }, abort.signal);
    const id = started.headers.get('x-switchyard-stream-id')!;
    const before = await readFrames(started, { limit: 4, abort });
    assert.deepEqual(frameIds(before), [1, 2, 3, 4]);

    const resumeStarted = performance.now();
    const resumed = await resume(b, key, id, 4);
    const firstByteMs = performance.now() - resumeStarted;
    assert.equal(resumed.status, 200);
    assert.equal(resumed.headers.get('x-switchyard-stream-status'), 'live', 'still being produced on A');
    const rest = await readFrames(resumed);
    const all = [...before, ...rest];
    assert.deepEqual(frameIds(all), all.map((_, index) => index + 1));
    assert.equal(chatText(all), expectedText);
    assert.match(all.at(-1)!, /data: \[DONE\]/);
    const { requests } = (await (await control('GET', 'requests')).json()) as { requests: unknown[] };
    assert.equal(requests.length, 1);
    t.diagnostic(`resume on the other instance: headers after ${firstByteMs.toFixed(1)} ms`);
  });

  test('200 concurrent billed requests over both instances: the wallet is exact and never overdrawn', async (t) => {
    // Each request holds its worst case (≈ 41 k nano-dollars with max_tokens 50) and costs ≈ 17 k:
    // 1.5 m nano-dollars cover the holds of only a few dozen requests at once, and the costs of
    // at most ~90 in all — never all 200.
    const credit = 1_500_000;
    const { accountId, key } = await fundedAccount(b.url, adminKey, '0.0015');
    const started = performance.now();
    const responses = await Promise.all(
      Array.from({ length: 200 }, async (_, index) => {
        const response = await chat(index % 2 === 0 ? a : b, key, { max_tokens: 50 });
        return { status: response.status, body: (await response.json()) as { usage?: { prompt_tokens: number; completion_tokens: number } } };
      }),
    );
    const elapsed = performance.now() - started;
    const served = responses.filter((response) => response.status === 200);
    const refused = responses.filter((response) => response.status === 402);
    assert.equal(served.length + refused.length, 200, `only 200s and 402s: ${[...new Set(responses.map((r) => r.status))]}`);
    assert.ok(served.length > 0 && refused.length > 0, `some served (${served.length}), some refused (${refused.length})`);
    const charged = served.reduce((sum, response) => sum + gpt4oMiniCost(response.body.usage!), 0);

    // Charges settle just after each answer is sent: wait until no hold is left.
    let after = await wallet(a, key);
    for (let tries = 0; after.reserved_nanos !== 0 && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      after = await wallet(a, key);
    }
    assert.equal(after.balance_nanos, credit - charged, 'balance = credits − Σ costs');
    assert.equal(after.reserved_nanos, 0, 'every hold was captured or released');
    assert.ok(after.balance_nanos >= 0);
    const ledger = await backends.query<{ kind: string; count: string; total: string }>(
      `SELECT kind, COUNT(*)::text AS count, SUM(amount_nanos)::text AS total FROM ledger_entries WHERE account_id = $1 GROUP BY kind`,
      [accountId],
    );
    const byKind = Object.fromEntries(ledger.rows.map((row) => [row.kind, { count: Number(row.count), total: Number(row.total) }]));
    assert.equal(byKind.capture.count, served.length, 'one capture per served request');
    assert.equal(byKind.capture.total, charged);
    assert.equal(byKind.credit.total - byKind.capture.total, after.balance_nanos);
    t.diagnostic(`200 concurrent billed requests over 2 instances: ${served.length} served, ${refused.length} refused (402) in ${elapsed.toFixed(0)} ms`);
  });

  test('an instance killed with SIGKILL mid-stream: a reader on B gets every frame it produced, then a broken stream; no money moves', async (t) => {
    const { accountId, key } = await fundedAccount(b.url, adminKey, '1');
    await control('POST', 'faults', { provider: 'openai', fault: { token_delay_ms: 60 }, times: 1 });
    const started = await chat(c, key, { stream: true, stream_options: { include_usage: true } });
    const id = started.headers.get('x-switchyard-stream-id')!;
    const onC = await readFrames(started, { limit: 3 });
    const follower = await resume(b, key, id, 0);
    assert.equal(follower.headers.get('x-switchyard-stream-status'), 'live');
    const following = followToEnd(follower);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const killedAt = performance.now();
    c.child.kill('SIGKILL');
    await c.exited;
    const broken = await following;
    const noticedMs = performance.now() - killedAt;

    assert.ok(broken.frames.length >= onC.length, 'at least what C had sent its own client');
    assert.deepEqual(frameIds(broken.frames), broken.frames.map((_, index) => index + 1), 'no gap, no duplicate');
    assert.deepEqual(broken.frames.slice(0, onC.length), onC, 'the same frames C served');
    assert.ok(expectedText.startsWith(chatText(broken.frames)), 'a prefix of the answer');
    assert.ok(chatText(broken.frames).length < expectedText.length, 'the answer was cut short by the kill');
    assert.equal(broken.cleanEnd, false, 'the stream ends broken, not with a clean end');

    // The hold C placed was neither captured nor lost: B's sweeper releases it after its lifetime.
    const during = await wallet(b, key);
    assert.equal(during.balance_nanos, 1_000_000_000, 'nothing was charged for the killed request');
    const deadline = Date.now() + 5_000;
    let settled = during;
    while (settled.reserved_nanos !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      settled = await wallet(b, key);
    }
    assert.equal(settled.reserved_nanos, 0, 'the dead instance’s hold was released');
    assert.equal(settled.balance_nanos, 1_000_000_000);
    const kinds = await backends.query<{ kind: string }>(`SELECT kind FROM ledger_entries WHERE account_id = $1 ORDER BY seq`, [accountId]);
    assert.deepEqual(kinds.rows.map((row) => row.kind), ['credit', 'reservation', 'release']);
    t.diagnostic(`SIGKILL mid-stream: reader on B saw ${broken.frames.length} frames, then the break ${noticedMs.toFixed(0)} ms after the kill`);
  });
});
