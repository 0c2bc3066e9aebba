import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { adminJson } from './admin-client.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * The request path end to end: a wallet is charged the exact cost of each request, from the
 * serving provider's catalog price and the upstream's usage; the request log, the usage API
 * and the ledger agree to the nano-dollar; an empty wallet is refused before any upstream call.
 */
const adminKey = 'admin-key-for-billing-path-0123456789';

// openai/gpt-4o-mini: $0.15 input and $0.60 output per million tokens = 150 and 600 nano-dollars per token.
const gpt4oMiniCost = (usage: { prompt_tokens: number; completion_tokens: number }) => usage.prompt_tokens * 150 + usage.completion_tokens * 600;

describe('billing and logging on the request path', () => {
  let stack: Stack;
  const admin = (method: string, path: string, body?: unknown) => adminJson(stack.gateway.url, adminKey, method, path, body);

  async function accountWithKey(credit?: string): Promise<{ accountId: string; client: OpenAI; key: string }> {
    const account = await admin('POST', '/admin/accounts', { name: 'agents' });
    const key = await admin('POST', `/admin/accounts/${account.body.id}/keys`, { name: 'planner' });
    if (credit) await admin('POST', `/admin/accounts/${account.body.id}/credits`, { amount_usd: credit, idempotency_key: `topup-${account.body.id}` });
    return { accountId: account.body.id, key: key.body.key, client: new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: key.body.key, maxRetries: 0 }) };
  }

  const wallet = (key: string) => fetch(`${stack.gateway.url}/v1/wallet`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json() as Promise<Record<string, any>>);
  const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

  before(async () => {
    stack = await startStack({ adminKey });
  });
  after(() => stack.close());

  test('a completion is charged its exact cost, and log, usage and ledger agree', async () => {
    const { accountId, client, key } = await accountWithKey('1.00');
    const { data: completion, response } = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Price me' }] }, { headers: { 'x-switchyard-metadata': JSON.stringify({ agent: 'planner', tier: 'free' }) } })
      .withResponse();
    const cost = gpt4oMiniCost(completion.usage!);
    await settled();

    const after = await wallet(key);
    assert.equal(after.balance_nanos, 1_000_000_000 - cost);
    assert.equal(after.reserved_nanos, 0, 'the hold was released');

    const requestId = response.headers.get('x-switchyard-request-id')!;
    const logged = await fetch(`${stack.gateway.url}/v1/requests/${requestId}`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json() as Promise<Record<string, any>>);
    assert.equal(logged.provider, 'openai');
    assert.equal(logged.cost_nanos, cost);
    assert.equal(logged.attempts.length, 1);
    assert.deepEqual(logged.metadata, { agent: 'planner', tier: 'free' });

    const usage = await fetch(`${stack.gateway.url}/v1/usage?group_by=metadata.agent`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json() as Promise<Record<string, any>>);
    assert.equal(usage.data[0].group, 'planner');
    assert.equal(usage.total.cost_nanos, cost);

    const ledger = await admin('GET', `/admin/accounts/${accountId}/ledger`);
    const captured = ledger.body.data.filter((entry: { kind: string }) => entry.kind === 'capture');
    assert.equal(captured.length, 1);
    assert.equal(captured[0].amount_nanos, cost);
  });

  test('a streamed answer is charged once it has been read to its end', async () => {
    const { client, key } = await accountWithKey('1.00');
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: 'A streamed answer to price' }] });
    let usage: OpenAI.CompletionUsage | undefined | null;
    for await (const chunk of stream) if (chunk.usage) usage = chunk.usage;
    await settled();
    assert.equal((await wallet(key)).balance_nanos, 1_000_000_000 - gpt4oMiniCost(usage!));
  });

  test('an empty wallet gets 402 and no upstream call is made', async () => {
    const { client } = await accountWithKey();
    await stack.control('DELETE', 'requests');
    await assert.rejects(client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.APIError);
      assert.equal(error.status, 402);
      return true;
    });
    const upstream = (await stack.control('GET', 'requests')) as { requests: unknown[] };
    assert.equal(upstream.requests.length, 0);
  });

  test('a failed request costs nothing and is logged with its attempts', async () => {
    const { client, key } = await accountWithKey('1.00');
    await stack.control('POST', 'faults', { provider: 'openai', fault: { status: 400 }, times: 1 });
    const failed = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }).withResponse().catch((error: InstanceType<typeof OpenAI.APIError>) => error);
    assert.ok(failed instanceof OpenAI.APIError && failed.status === 400);
    await settled();
    const balance = await wallet(key);
    assert.equal(balance.balance_nanos, 1_000_000_000);
    assert.equal(balance.reserved_nanos, 0);
  });

  test('malformed metadata is a 400 in the caller format, before anything is charged', async () => {
    const { client } = await accountWithKey('1.00');
    await assert.rejects(
      client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x' }] }, { headers: { 'x-switchyard-metadata': '{"nested": {"no": 1}}' } }),
      (error: unknown) => error instanceof OpenAI.BadRequestError && /x-switchyard-metadata/.test(error.message),
    );
  });
});
