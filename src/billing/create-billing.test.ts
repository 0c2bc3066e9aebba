import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GatewayError } from '../core/errors.ts';
import type { CanonicalRequest } from '../core/request.ts';
import { loadCatalog } from '../routing/catalog/load-catalog.ts';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { SqliteLedgerStore } from '../stores/sqlite/sqlite-ledger-store.ts';
import { createBilling, type BillingTarget } from './create-billing.ts';
import { createWebhookSender } from './webhook-sender.ts';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER } from './sign-webhook.ts';

const USD = 1_000_000_000n;
const catalog = loadCatalog();
const target = (modelId: string, provider: string): BillingTarget => {
  const model = catalog.get(modelId)!;
  const offer = model.providers.find((candidate) => candidate.provider === provider)!;
  return { provider: { id: provider }, upstreamModel: offer.model, model, offer };
};
const mini = target('openai/gpt-4o-mini', 'openai');
const request: CanonicalRequest = { model: 'openai/gpt-4o-mini', stream: false, maxTokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello there' }] }] };

function setUp(options: { enabled?: boolean; webhookUrl?: string } = {}) {
  const db = openSqlite(IN_MEMORY);
  const ledger = new SqliteLedgerStore(db);
  const webhooks = createWebhookSender({ retryDelaysMs: [10, 10] });
  const billing = createBilling({ ledger, enabled: options.enabled ?? true, holdTtlMs: 60_000, webhooks });
  return { db, ledger, billing, webhooks };
}

describe('billing on the request path', () => {
  test('an account without credits gets a 402 before any upstream call', async () => {
    const { billing, ledger } = setUp();
    await assert.rejects(billing.reserve({ accountId: 'acct_a', request, target: mini }), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 402);
      assert.equal(error.code, 'insufficient_credits');
      assert.match(error.message, /may cost up to \$0\.0000\d+ and the account's available balance is \$0\.000000000/);
      return true;
    });
    assert.deepEqual(await ledger.listEntries('acct_a', { limit: 5 }), []);
  });

  test('reserve holds the estimate, settle charges the provider’s price for the real usage', async () => {
    const { billing, ledger } = setUp();
    await billing.credit({ accountId: 'acct_a', amountNanos: 1n * USD, idempotencyKey: 'k' });
    const hold = await billing.reserve({ accountId: 'acct_a', keyId: 'key_1', requestId: 'req_1', request, target: mini });
    assert.ok(hold.reservationId);
    // 100 output tokens × $0.60/M = 60,000 nanos plus a few prompt tokens at $0.15/M.
    assert.ok(hold.amountNanos > 60_000n && hold.amountNanos < 70_000n, String(hold.amountNanos));
    assert.equal((await ledger.wallet('acct_a')).reservedNanos, hold.amountNanos);
    const usage = { inputTokens: 1000, outputTokens: 50, cacheReadTokens: 600 };
    const settled = await billing.settle(hold, { usage, provider: 'openai', model: 'gpt-4o-mini', offer: mini.offer });
    assert.deepEqual(settled, { costNanos: 135_000n });
    assert.deepEqual(await billing.settle(hold, { usage, provider: 'openai', model: 'gpt-4o-mini', offer: mini.offer }), { costNanos: 135_000n }, 'settling twice charges once');
    assert.deepEqual(await ledger.wallet('acct_a'), { balanceNanos: USD - 135_000n, reservedNanos: 0n, availableNanos: USD - 135_000n });
    const [capture] = await ledger.listEntries('acct_a', { limit: 1 });
    assert.equal(capture.keyId, 'key_1');
    assert.equal(capture.requestId, 'req_1');
    assert.deepEqual(capture.tokens, { inputTokens: 1000, outputTokens: 50, cacheReadTokens: 600, cacheWriteTokens: 0, reasoningTokens: 0 });
  });

  test('with failover targets the hold covers the dearest one', async () => {
    const { billing } = setUp();
    await billing.credit({ accountId: 'acct_a', amountNanos: 1n * USD, idempotencyKey: 'k' });
    const sonnet = target('anthropic/claude-sonnet-4-5', 'anthropic');
    const vertex = target('anthropic/claude-sonnet-4-5', 'vertex');
    const one = await billing.reserve({ accountId: 'acct_a', request: { ...request, maxTokens: 1000 }, target: sonnet });
    const both = await billing.reserve({ accountId: 'acct_a', request: { ...request, maxTokens: 1000 }, target: [sonnet, vertex] });
    assert.ok(both.amountNanos > one.amountNanos, 'Vertex charges 10% more for Sonnet');
  });

  test('a failed request is cancelled and costs nothing', async () => {
    const { billing, ledger } = setUp();
    await billing.credit({ accountId: 'acct_a', amountNanos: 1n * USD, idempotencyKey: 'k' });
    const hold = await billing.reserve({ accountId: 'acct_a', request, target: mini });
    await billing.cancel(hold);
    await billing.cancel(hold);
    assert.deepEqual(await ledger.wallet('acct_a'), { balanceNanos: USD, reservedNanos: 0n, availableNanos: USD });
  });

  test('an unpriced passthrough model holds nothing and is recorded with an unknown cost', async () => {
    const { billing, ledger } = setUp();
    await billing.credit({ accountId: 'acct_a', amountNanos: 1n * USD, idempotencyKey: 'k' });
    const hold = await billing.reserve({ accountId: 'acct_a', request, target: { provider: { id: 'groq' }, upstreamModel: 'some-new-model' } });
    assert.equal(hold.amountNanos, 0n);
    const settled = await billing.settle(hold, { usage: { inputTokens: 10, outputTokens: 5 }, provider: 'groq', model: 'some-new-model' });
    assert.deepEqual(settled, { costNanos: null });
    const [capture] = await ledger.listEntries('acct_a', { limit: 1 });
    assert.deepEqual([capture.kind, capture.amountNanos, capture.priced], ['capture', 0n, false]);
  });

  test('with billing off nothing is held or refused, and the cost is still computed for logs', async () => {
    const { billing, ledger } = setUp({ enabled: false });
    const hold = await billing.reserve({ accountId: 'local', request, target: mini });
    assert.equal(hold.reservationId, undefined);
    assert.deepEqual(await billing.settle(hold, { usage: { inputTokens: 1000, outputTokens: 0 }, provider: 'openai', model: 'gpt-4o-mini', offer: mini.offer }), { costNanos: 150_000n });
    assert.deepEqual(await ledger.listEntries('local', { limit: 5 }), []);
    assert.equal(billing.costOf({ inputTokens: 0, outputTokens: 1_000_000 }, mini.offer), 600_000_000n);
  });

  test('the sweep releases holds of requests that never settled', async () => {
    let time = 1_000_000;
    const db = openSqlite(IN_MEMORY);
    const ledger = new SqliteLedgerStore(db, { now: () => time });
    const billing = createBilling({ ledger, enabled: true, holdTtlMs: 60_000, now: () => time });
    await billing.credit({ accountId: 'acct_a', amountNanos: 1n * USD, idempotencyKey: 'k' });
    await billing.reserve({ accountId: 'acct_a', request, target: mini });
    assert.equal(await billing.sweep(), 0);
    time += 60_000;
    assert.equal(await billing.sweep(), 1);
    assert.equal((await ledger.wallet('acct_a')).reservedNanos, 0n);
  });
});

describe('low-balance webhook', () => {
  let server: Server;
  let url: string;
  const received: Array<{ body: string; signature: string }> = [];
  let failuresLeft = 0;
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (failuresLeft > 0) {
          failuresLeft -= 1;
          res.writeHead(503).end();
          return;
        }
        received.push({ body, signature: String(req.headers[WEBHOOK_SIGNATURE_HEADER]) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/low`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('fires once when available crosses below the threshold, signed, retried, re-armed by a top-up', async () => {
    const { billing, ledger, webhooks } = setUp();
    await billing.credit({ accountId: 'acct_a', amountNanos: 100_000n, idempotencyKey: 'k1' });
    await ledger.setLowBalanceAlert('acct_a', { thresholdNanos: 80_000n, webhookUrl: url, secret: 'whsec_test' });
    failuresLeft = 1;
    const hold = await billing.reserve({ accountId: 'acct_a', request: { ...request, maxTokens: 50 }, target: mini });
    await billing.settle(hold, { usage: { inputTokens: 100, outputTokens: 50 }, provider: 'openai', model: 'gpt-4o-mini', offer: mini.offer });
    const second = await billing.reserve({ accountId: 'acct_a', request: { ...request, maxTokens: 1 }, target: mini });
    await billing.cancel(second);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await webhooks.idle();
    assert.equal(received.length, 1, 'once per crossing, after one retry');
    const [{ body, signature }] = received;
    assert.ok(verifyWebhookSignature(body, signature, 'whsec_test', Math.floor(Date.now() / 1000)));
    assert.ok(!verifyWebhookSignature(body.replace('acct_a', 'acct_b'), signature, 'whsec_test', Math.floor(Date.now() / 1000)));
    const payload = JSON.parse(body);
    assert.equal(payload.type, 'wallet.low_balance');
    assert.equal(payload.account_id, 'acct_a');
    assert.equal(payload.threshold_usd, '0.000080000');

    await billing.credit({ accountId: 'acct_a', amountNanos: 1n * USD, idempotencyKey: 'k2' });
    await ledger.capture({ reservationId: (await billing.reserve({ accountId: 'acct_a', request, target: mini })).reservationId!, amountNanos: USD });
    await billing.reserve({ accountId: 'acct_a', request: { ...request, maxTokens: 1 }, target: mini });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await webhooks.idle();
    assert.equal(received.length, 2, 'the top-up re-armed it');
  });
});
