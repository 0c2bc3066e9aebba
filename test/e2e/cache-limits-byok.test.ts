import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openAiChatFormat } from '../../src/api/openai-chat/index.ts';
import { createByok } from '../../src/byok/create-byok.ts';
import { createResponseCache, replayCachedFrames } from '../../src/cache/response-cache.ts';
import { createLimits } from '../../src/limits/create-limits.ts';
import { LimitExceededError } from '../../src/limits/limit-exceeded-error.ts';
import { providerTable } from '../../src/providers/provider-table.ts';
import { MemoryRateLimitStore } from '../../src/stores/memory/memory-rate-limit-store.ts';
import { openSqlite } from '../../src/stores/sqlite/open-sqlite.ts';
import { SqliteKeyLimitsStore } from '../../src/stores/sqlite/sqlite-key-limits-store.ts';
import { SqliteProviderKeyStore } from '../../src/stores/sqlite/sqlite-provider-key-store.ts';
import { SqliteResponseCacheStore } from '../../src/stores/sqlite/sqlite-response-cache-store.ts';
import { adminFetch } from './admin-client.ts';
import { startStack, type Stack } from './stack.ts';

const adminKey = 'admin-key-for-cache-limits-byok-0123';
const gatewaySecret = 'e2e-switchyard-secret-0123456789abcdef';
const byokPlaintext = 'sk-proj-E2E-PLAINTEXT-account-key-9876';

describe('key limits, provider keys and the response cache', () => {
  let stack: Stack;
  let accountId: string;
  let keyId: string;
  // A second connection to the gateway's database file stands in for the request path until
  // the inference handler calls these modules itself.
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-controls-e2e-'));
  const dbPath = join(dir, 'switchyard.sqlite');
  let db: DatabaseSync;

  before(async () => {
    stack = await startStack({ adminKey, env: { DATABASE_URL: dbPath, SWITCHYARD_SECRET: gatewaySecret } });
    db = openSqlite(dbPath);
    accountId = ((await (await admin('POST', '/admin/accounts', { name: 'Controls Co' })).json()) as { id: string }).id;
    const created = (await (await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'agent' })).json()) as { id: string };
    keyId = created.id;
  });
  after(async () => {
    db.close();
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (method: string, path: string, body?: unknown) => adminFetch(stack.gateway.url, adminKey, method, path, body);

  test('an admin sets, partly updates and clears a key\'s limits', async () => {
    const path = `/admin/accounts/${accountId}/keys/${keyId}/limits`;
    const initial = (await (await admin('GET', path)).json()) as Record<string, unknown>;
    assert.equal(initial.daily_budget_usd, null);
    assert.equal(initial.requests_per_minute, null);

    const set = await admin('PUT', path, { daily_budget_usd: '2.50', monthly_budget_usd: 40, requests_per_minute: 2, tokens_per_minute: 10_000 });
    assert.equal(set.status, 200);
    const body = (await set.json()) as { daily_budget_usd: string; monthly_budget_usd: string; requests_per_minute: number; spend: { day: { spend_usd: string; resets_at: string } } };
    assert.equal(body.daily_budget_usd, '2.500000000');
    assert.equal(body.monthly_budget_usd, '40.000000000');
    assert.equal(body.spend.day.spend_usd, '0.000000000');
    assert.match(body.spend.day.resets_at, /T00:00:00\.000Z$/);

    const updated = (await (await admin('PUT', path, { tokens_per_minute: null })).json()) as Record<string, unknown>;
    assert.equal(updated.tokens_per_minute, null, 'null clears');
    assert.equal(updated.requests_per_minute, 2, 'fields left out stay');

    assert.equal((await admin('PUT', path, { daily_budget_usd: '-1' })).status, 400);
    assert.equal((await admin('PUT', path, { requests_per_minute: 1.5 })).status, 400);
    assert.equal((await admin('PUT', path, { per_hour: 3 })).status, 400);
    assert.equal((await admin('GET', `/admin/accounts/${accountId}/keys/key_missing/limits`)).status, 404);
  });

  test('limits set over HTTP are enforced by limits.admit: 429 past requests_per_minute, 402 past the daily budget', async () => {
    const limits = createLimits({ store: new SqliteKeyLimitsStore(db), rates: new MemoryRateLimitStore() });
    await admin('PUT', `/admin/accounts/${accountId}/keys/${keyId}/limits`, { daily_budget_usd: '2.50', requests_per_minute: 2 });
    const admitted = await limits.admit({ keyId, accountId });
    assert.equal(admitted.headers['x-ratelimit-limit-requests'], '2');
    await limits.admit({ keyId, accountId });
    await assert.rejects(limits.admit({ keyId, accountId }), (error: unknown) => error instanceof LimitExceededError && error.status === 429 && error.retryAfterSeconds! >= 1);

    await limits.record({ keyId, usage: { inputTokens: 100, outputTokens: 50 }, costNanos: 2_500_000_000n });
    const spend = (await (await admin('GET', `/admin/accounts/${accountId}/keys/${keyId}/limits`)).json()) as { spend: { day: { spend_usd: string } } };
    assert.equal(spend.spend.day.spend_usd, '2.500000000', 'the admin API reads the spend the request path records');
    const fresh = createLimits({ store: new SqliteKeyLimitsStore(db), rates: new MemoryRateLimitStore() });
    await assert.rejects(fresh.admit({ keyId, accountId }), (error: unknown) => error instanceof LimitExceededError && error.status === 402 && /resets at/.test(error.message));
  });

  test('provider keys: stored sealed, shown masked, used by byok.settingsFor, deleted', async () => {
    const path = `/admin/accounts/${accountId}/provider-keys/openai`;
    const put = await admin('PUT', path, { api_key: byokPlaintext });
    assert.equal(put.status, 200);
    assert.deepEqual(Object.keys((await put.json()) as object).sort(), ['api_key', 'base_url', 'created_at', 'provider', 'updated_at']);
    const shown = (await (await admin('GET', path)).json()) as { api_key: string };
    assert.equal(shown.api_key, '****9876');
    const listed = await (await admin('GET', `/admin/accounts/${accountId}/provider-keys`)).text();
    assert.ok(!listed.includes(byokPlaintext));
    assert.deepEqual(JSON.parse(listed).byok_only, false);

    const byok = createByok({ store: new SqliteProviderKeyStore(db), secret: gatewaySecret, definitions: providerTable });
    const gatewayOpenAi = { id: 'openai', baseUrl: `${stack.emulatorUrl}/v1`, apiKey: 'sk-emulated' };
    assert.equal((await byok.settingsFor(accountId, 'openai', gatewayOpenAi))!.apiKey, byokPlaintext);

    assert.equal((await admin('PUT', `/admin/accounts/${accountId}/byok`, { byok_only: true })).status, 200);
    assert.equal(await byok.settingsFor(accountId, 'anthropic', { id: 'anthropic', baseUrl: 'http://127.0.0.1:9' }), undefined);
    await admin('PUT', `/admin/accounts/${accountId}/byok`, { byok_only: false });

    // Plaintext nowhere on disk: main file and WAL.
    for (const file of readdirSync(dir)) assert.equal(readFileSync(join(dir, file)).includes(byokPlaintext), false, file);

    assert.equal((await admin('PUT', `/admin/accounts/${accountId}/provider-keys/bedrock`, { api_key: byokPlaintext })).status, 400);
    assert.equal((await admin('PUT', `/admin/accounts/${accountId}/provider-keys/nope`, { api_key: byokPlaintext })).status, 400);
    assert.equal((await admin('PUT', path, { api_key: 'short' })).status, 400);
    assert.equal((await admin('DELETE', path)).status, 200);
    assert.equal((await admin('GET', path)).status, 404);
    assert.equal((await admin('DELETE', path)).status, 404);
  });

  test('a real gateway answer is cached per account and replayed; a bad ttl is a 400', async () => {
    const cache = createResponseCache({ store: new SqliteResponseCacheStore(db) });
    // A key of its own (the first one's budget is spent above) and credits for the wallet.
    const agentKey = ((await (await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'cache' })).json()) as { key: string }).key;
    assert.equal((await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd: '10', idempotency_key: 'cache-test' })).status, 201);
    const body = { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Cache me' }] };
    const response = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    assert.equal(response.status, 200);
    const text = await response.text();
    const headers = Object.fromEntries(response.headers);
    const lookup = { accountId, formatId: openAiChatFormat.id, request: openAiChatFormat.parseRequest(body), headers: { 'x-switchyard-cache-ttl': '3600' } };
    const miss = await cache.lookup(lookup);
    assert.equal(miss.status, 'MISS');
    assert.ok(miss.key);
    assert.equal(await cache.store(miss.key, 3600, { kind: 'json', status: 200, headers, body: text }), true);
    const hit = await cache.lookup(lookup);
    assert.ok(hit.status === 'HIT' && hit.entry.answer.kind === 'json');
    assert.equal(hit.entry.answer.body, text);
    assert.equal(hit.entry.answer.headers['x-switchyard-request-id'], undefined, 'per-request headers are not replayed');
    assert.equal((await cache.lookup({ ...lookup, accountId: 'acct_other' })).status, 'MISS');
    await assert.rejects(cache.lookup({ ...lookup, headers: { 'x-switchyard-cache-ttl': '999999999' } }), /x-switchyard-cache-ttl/);

    // A stream answer, teed into the cache as it is read, replays frame for frame.
    const streamed = { ...body, stream: true };
    const streamLookup = { ...lookup, request: openAiChatFormat.parseRequest(streamed) };
    const streamMiss = await cache.lookup(streamLookup);
    assert.ok(streamMiss.status === 'MISS' && streamMiss.key);
    const sse = await fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agentKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(streamed),
    });
    const frames = (await sse.text()).split(/(?<=\n\n)/).filter((frame) => frame.trim() !== '');
    async function* upstream() {
      yield* frames;
    }
    for await (const _ of cache.tee(streamMiss.key, 60, { contentType: 'text/event-stream', headers: {} }, upstream()));
    await new Promise((resolve) => setImmediate(resolve));
    const streamHit = await cache.lookup(streamLookup);
    assert.ok(streamHit.status === 'HIT' && streamHit.entry.answer.kind === 'stream');
    const replayed: string[] = [];
    for await (const frame of replayCachedFrames(streamHit.entry.answer)) replayed.push(frame);
    assert.deepEqual(replayed, frames);
  });
});

describe('without SWITCHYARD_SECRET', () => {
  test('storing a provider key is refused with a 400 that says why', async () => {
    const stack = await startStack({ adminKey });
    try {
      const call = (method: string, path: string, body?: unknown) => adminFetch(stack.gateway.url, adminKey, method, path, body);
      const { id } = (await (await call('POST', '/admin/accounts', { name: 'No secret' })).json()) as { id: string };
      const refused = await call('PUT', `/admin/accounts/${id}/provider-keys/openai`, { api_key: 'sk-0123456789abcdef' });
      assert.equal(refused.status, 400);
      assert.match(((await refused.json()) as { error: { message: string } }).error.message, /SWITCHYARD_SECRET/);
    } finally {
      await stack.close();
    }
  });
});
