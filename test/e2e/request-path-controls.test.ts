import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';

/**
 * Cache, key limits and bring-your-own-key on real requests: a cache hit reaches no provider
 * and costs nothing; a key over its rate limit gets 429 with retry-after; a request on the
 * account's own provider key is logged with its cost but not drawn from the wallet.
 */
const adminKey = 'admin-key-for-controls-0123456789';

describe('cache, limits and BYOK on the request path', () => {
  let stack: Stack;
  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${stack.gateway.url}${path}`, { method, headers: { authorization: `Bearer ${adminKey}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then(
      async (response) => ({ status: response.status, body: (await response.json()) as Record<string, any> }),
    );
  async function account(credit = '5.00') {
    const created = await admin('POST', '/admin/accounts', { name: 'controls' });
    const key = await admin('POST', `/admin/accounts/${created.body.id}/keys`, { name: 'k' });
    if (credit) await admin('POST', `/admin/accounts/${created.body.id}/credits`, { amount_usd: credit, idempotency_key: `c-${created.body.id}` });
    return { id: created.body.id as string, keyId: key.body.id as string, key: key.body.key as string, client: new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: key.body.key, maxRetries: 0 }) };
  }
  const upstreamCalls = async () => ((await stack.control('GET', 'requests')) as { requests: unknown[] }).requests.length;
  const balance = (key: string) => fetch(`${stack.gateway.url}/v1/wallet`, { headers: { authorization: `Bearer ${key}` } }).then(async (r) => ((await r.json()) as Record<string, any>).balance_nanos);

  before(async () => {
    stack = await startStack({ adminKey, env: { SWITCHYARD_SECRET: 'a-test-secret-for-sealing-keys-0123456789' } });
  });
  after(() => stack.close());

  test('the second identical request with a cache TTL is a HIT: same answer, no upstream call, no charge', async () => {
    const { client, key } = await account();
    const ask = () => client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Cache me' }] }, { headers: { 'x-switchyard-cache-ttl': '60' } }).withResponse();
    const first = await ask();
    assert.equal(first.response.headers.get('x-switchyard-cache'), 'MISS');
    await new Promise((resolve) => setTimeout(resolve, 50));
    const spent = await balance(key);
    const calls = await upstreamCalls();
    const second = await ask();
    assert.equal(second.response.headers.get('x-switchyard-cache'), 'HIT');
    assert.equal(second.data.choices[0].message.content, first.data.choices[0].message.content);
    assert.equal(await upstreamCalls(), calls, 'no upstream call');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await balance(key), spent, 'a hit costs nothing');
  });

  test('a streamed answer is cached and replayed as a stream', async () => {
    const { client } = await account();
    const read = async () => {
      const { data: stream, response } = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', stream: true, messages: [{ role: 'user', content: 'Stream and cache me' }] }, { headers: { 'x-switchyard-cache-ttl': '60' } }).withResponse();
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
      return { text, status: response.headers.get('x-switchyard-cache') };
    };
    const first = await read();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const second = await read();
    assert.deepEqual([first.status, second.status], ['MISS', 'HIT']);
    assert.equal(second.text, first.text);
    assert.equal(second.text, 'Echo: Stream and cache me');
  });

  test('a key over its requests-per-minute limit gets 429 with retry-after and rate-limit headers', async () => {
    const { id, keyId, client } = await account();
    assert.equal((await admin('PUT', `/admin/accounts/${id}/keys/${keyId}/limits`, { requests_per_minute: 2 })).status, 200);
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '1' }] });
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '2' }] });
    await assert.rejects(client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '3' }] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError);
      assert.ok(Number(error.headers.get('retry-after')) > 0);
      assert.equal(error.headers.get('x-ratelimit-limit-requests'), '2');
      return true;
    });
  });

  test("a request on the account's own provider key is priced but not drawn from the wallet", async () => {
    const { id, key, client } = await account('5.00');
    assert.equal((await admin('PUT', `/admin/accounts/${id}/provider-keys/anthropic`, { api_key: 'sk-ant-own-key-of-the-account' })).status, 200);
    const before = await balance(key);
    const { response } = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', provider: { only: ['anthropic'] }, messages: [{ role: 'user', content: 'On my own key' }] } as OpenAI.Chat.ChatCompletionCreateParamsNonStreaming).withResponse();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await balance(key), before, 'the wallet is untouched');
    const upstream = (await stack.control('GET', 'requests')) as { requests: Array<{ provider: string; headers: Record<string, string> }> };
    assert.ok(upstream.requests.some((request) => request.provider === 'anthropic'));
    const logged = await fetch(`${stack.gateway.url}/v1/requests/${response.headers.get('x-switchyard-request-id')}`, { headers: { authorization: `Bearer ${key}` } }).then((r) => r.json() as Promise<Record<string, any>>);
    assert.ok(logged.cost_nanos > 0, 'the cost is still logged');
  });
});
