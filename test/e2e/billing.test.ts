import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { GatewayError } from '../../src/core/errors.ts';
import { createBilling } from '../../src/billing/create-billing.ts';
import { loadCatalog } from '../../src/routing/catalog/load-catalog.ts';
import { openSqlite } from '../../src/stores/sqlite/open-sqlite.ts';
import { SqliteLedgerStore } from '../../src/stores/sqlite/sqlite-ledger-store.ts';
import { adminFetch } from './admin-client.ts';
import { startStack, type Stack } from './stack.ts';

const adminKey = 'admin-key-for-billing-tests-0123';

describe('billing over HTTP', () => {
  let stack: Stack;
  let accountId: string;
  let agentKey: string;
  // A second connection to the gateway's database file stands in for the request path until
  // the inference handler calls billing itself.
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-billing-e2e-'));
  let db: DatabaseSync;
  let billing: ReturnType<typeof createBilling>;
  before(async () => {
    stack = await startStack({ adminKey, env: { DATABASE_URL: join(dir, 'switchyard.sqlite') } });
    db = openSqlite(join(dir, 'switchyard.sqlite'));
    billing = createBilling({ ledger: new SqliteLedgerStore(db), enabled: true, holdTtlMs: 60_000 });
    const account = (await (await admin('POST', '/admin/accounts', { name: 'Billing Co' })).json()) as { id: string };
    accountId = account.id;
    agentKey = ((await (await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'agent' })).json()) as { key: string }).key;
  });
  after(async () => {
    db.close();
    await stack.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const admin = (method: string, path: string, body?: unknown) => adminFetch(stack.gateway.url, adminKey, method, path, body);

  test('credits are idempotent per key and reported exactly', async () => {
    const first = await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd: '12.345678901', idempotency_key: 'invoice-1', description: 'March' });
    assert.equal(first.status, 201);
    const created = (await first.json()) as Record<string, any>;
    assert.equal(created.entry.kind, 'credit');
    assert.equal(created.entry.amount_usd, '12.345678901');
    assert.equal(created.entry.amount_nanos, 12_345_678_901);
    assert.equal(created.balance_usd, '12.345678901');

    const repeat = await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd: 99, idempotency_key: 'invoice-1' });
    assert.equal(repeat.status, 200);
    const replayed = (await repeat.json()) as Record<string, any>;
    assert.equal(replayed.entry.id, created.entry.id);
    assert.equal(replayed.balance_usd, '12.345678901');

    const number = (await (await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd: 0.1, idempotency_key: 'invoice-2' })).json()) as Record<string, any>;
    assert.equal(number.balance_usd, '12.445678901', '0.1 as a JSON number is exactly ten cents');
  });

  test('bad amounts are a 400, an unknown account a 404', async () => {
    for (const amount_usd of ['0.0000000001', '-5', 0, 'ten', '1e3']) {
      const response = await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd, idempotency_key: `bad-${amount_usd}` });
      assert.equal(response.status, 400, String(amount_usd));
      assert.equal(((await response.json()) as { error: { param: string } }).error.param, 'amount_usd');
    }
    assert.equal((await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd: '1' })).status, 400, 'idempotency_key is required');
    assert.equal((await admin('POST', '/admin/accounts/acct_nope/credits', { amount_usd: '1', idempotency_key: 'x' })).status, 404);
  });

  test('an agent reads its own wallet with its key', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/wallet`, { headers: { authorization: `Bearer ${agentKey}` } });
    assert.equal(response.status, 200);
    const wallet = (await response.json()) as Record<string, unknown>;
    assert.deepEqual(
      { ...wallet },
      {
        object: 'wallet', account_id: accountId, billing_enabled: true, currency: 'USD',
        balance_usd: '12.445678901', balance_nanos: 12_445_678_901, available_usd: '12.445678901', available_nanos: 12_445_678_901,
        reserved_usd: '0.000000000', reserved_nanos: 0,
      },
    );
  });

  test('the ledger lists entries newest first, in pages', async () => {
    const page = (await (await admin('GET', `/admin/accounts/${accountId}/ledger?limit=1`)).json()) as { data: Array<{ id: string; idempotency_key: string }>; has_more: boolean };
    assert.deepEqual(page.data.map((entry) => entry.idempotency_key), ['invoice-2']);
    assert.equal(page.has_more, true);
    const next = (await (await admin('GET', `/admin/accounts/${accountId}/ledger?limit=10&before=${page.data[0].id}`)).json()) as { data: Array<{ idempotency_key: string }> };
    assert.deepEqual(next.data.map((entry) => entry.idempotency_key), ['invoice-1']);
    assert.equal((await admin('GET', `/admin/accounts/${accountId}/ledger?limit=0`)).status, 400);
  });

  test('alerts are configured with a signing secret for the account', async () => {
    const response = await admin('PUT', `/admin/accounts/${accountId}/alerts`, { low_balance_usd: '5', webhook_url: 'http://127.0.0.1:9/hooks' });
    assert.equal(response.status, 200);
    const alerts = (await response.json()) as Record<string, string>;
    assert.equal(alerts.low_balance_usd, '5.000000000');
    assert.match(alerts.webhook_secret, /^whsec_[0-9a-f]{48}$/);
    assert.equal((await admin('PUT', `/admin/accounts/${accountId}/alerts`, { low_balance_usd: '5', webhook_url: 'ftp://x' })).status, 400);
  });

  test('a request the wallet cannot cover is refused with a 402 before any upstream call', async () => {
    const empty = (await (await admin('POST', '/admin/accounts', { name: 'Empty' })).json()) as { id: string };
    const gpt = loadCatalog().get('openai/gpt-4o-mini')!;
    const request = { model: gpt.id, stream: false, maxTokens: 10, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }] };
    await assert.rejects(billing.reserve({ accountId: empty.id, request, target: { provider: { id: 'openai' }, model: gpt, offer: gpt.providers[0] } }), (error: unknown) => error instanceof GatewayError && error.status === 402);
  });

  test('the statement sums spend per provider and model, as JSON and CSV', async () => {
    const catalog = loadCatalog();
    const serve = async (modelId: string, usage: { inputTokens: number; outputTokens: number; cacheReadTokens?: number }) => {
      const model = catalog.get(modelId)!;
      const offer = model.providers[0];
      const request = { model: modelId, stream: false, messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }] };
      const hold = await billing.reserve({ accountId, request, target: { provider: { id: offer.provider }, upstreamModel: offer.model, model, offer } });
      return billing.settle(hold, { usage, provider: offer.provider, model: offer.model, offer });
    };
    assert.deepEqual(await serve('openai/gpt-4o-mini', { inputTokens: 1000, outputTokens: 50, cacheReadTokens: 600 }), { costNanos: 135_000n });
    await serve('openai/gpt-4o-mini', { inputTokens: 1000, outputTokens: 50, cacheReadTokens: 600 });
    await serve('anthropic/claude-haiku-4-5', { inputTokens: 2000, outputTokens: 100 }); // 2000 × $1 + 100 × $5 per million = $0.0025

    const wallet = (await (await fetch(`${stack.gateway.url}/v1/wallet`, { headers: { authorization: `Bearer ${agentKey}` } })).json()) as Record<string, string>;
    assert.equal(wallet.balance_usd, '12.442908901');

    const statement = await admin('GET', `/admin/accounts/${accountId}/statement?from=2020-01-01&format=json`);
    assert.equal(statement.status, 200);
    const json = (await statement.json()) as { total_usd: string; lines: Array<Record<string, unknown>> };
    assert.equal(json.total_usd, '0.002770000');
    assert.deepEqual(json.lines.map((line) => [line.provider, line.model, line.requests, line.cost_usd, line.cache_read_tokens]), [
      ['anthropic', 'claude-haiku-4-5-20251001', 1, '0.002500000', 0],
      ['openai', 'gpt-4o-mini', 2, '0.000270000', 1200],
    ]);
    const csv = await admin('GET', `/admin/accounts/${accountId}/statement?format=csv`);
    assert.equal(csv.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(
      await csv.text(),
      [
        'provider,model,requests,unpriced_requests,input_tokens,output_tokens,cache_read_tokens,cache_write_tokens,reasoning_tokens,cost_usd',
        'anthropic,claude-haiku-4-5-20251001,1,0,2000,100,0,0,0,0.002500000',
        'openai,gpt-4o-mini,2,0,2000,100,1200,0,0,0.000270000',
        'total,,3,0,4000,200,1200,0,0,0.002770000',
        '',
      ].join('\r\n'),
    );
    const future = (await (await admin('GET', `/admin/accounts/${accountId}/statement?from=2999-01-01`)).json()) as { lines: unknown[] };
    assert.deepEqual(future.lines, []);
    assert.equal((await admin('GET', `/admin/accounts/${accountId}/statement?from=yesterday`)).status, 400);
  });
});

test('in local mode (no admin key) billing is off and the wallet says so', async () => {
  const stack = await startStack();
  try {
    const wallet = (await (await fetch(`${stack.gateway.url}/v1/wallet`)).json()) as Record<string, unknown>;
    assert.equal(wallet.account_id, 'local');
    assert.equal(wallet.billing_enabled, false);
    assert.equal(wallet.balance_usd, '0.000000000');
  } finally {
    await stack.close();
  }
});
