import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { adminJson } from './admin-client.ts';
import { startStack, type Stack } from './stack.ts';

/**
 * Body logging is off by default and switched on per key by the admin. When on, the request log
 * keeps the client's request body and the response it got (a stream's SSE text), with credential
 * headers dropped and key-like strings redacted before anything is stored.
 */
const adminKey = 'admin-key-for-body-logging-0123456789';
const SECRET = 'sk-live-0123456789abcdef';

describe('per-key body logging', () => {
  let stack: Stack;
  let accountId: string;

  const admin = (method: string, path: string, body?: unknown) => adminJson(stack.gateway.url, adminKey, method, path, body);

  const chat = (key: string, body: Record<string, unknown>) =>
    fetch(`${stack.gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', ...body }),
    });

  /** The request's log entry, once its settlement has written it (streams settle after their last frame). */
  async function logged(requestId: string, key: string): Promise<Record<string, any>> {
    for (let tries = 0; tries < 100; tries++) {
      const response = await fetch(`${stack.gateway.url}/v1/requests/${requestId}`, { headers: { authorization: `Bearer ${key}` } });
      if (response.status === 200) return (await response.json()) as Record<string, any>;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`request ${requestId} was never logged`);
  }

  before(async () => {
    stack = await startStack({ adminKey });
    accountId = (await admin('POST', '/admin/accounts', { name: 'agents' })).body.id;
    await admin('POST', `/admin/accounts/${accountId}/credits`, { amount_usd: '5', idempotency_key: 'body-logging-topup' });
  });
  after(() => stack.close());

  test('keys are created without body logging; the admin switches it on and off, and listings show it', async () => {
    const created = await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'plain' });
    assert.equal(created.status, 201);
    assert.equal(created.body.log_bodies, false);
    const opted = await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'opted', log_bodies: true });
    assert.equal(opted.body.log_bodies, true);

    const patched = await admin('PATCH', `/admin/accounts/${accountId}/keys/${created.body.id}`, { log_bodies: true });
    assert.equal(patched.status, 200);
    assert.equal(patched.body.id, created.body.id);
    assert.equal(patched.body.log_bodies, true);
    assert.equal(patched.body.key, undefined, 'the secret is never shown again');
    const listed = (await admin('GET', `/admin/accounts/${accountId}/keys`)).body.data as { id: string; log_bodies: boolean }[];
    assert.deepEqual(
      listed.filter((key) => key.id === created.body.id || key.id === opted.body.id).map((key) => [key.id, key.log_bodies]),
      [
        [created.body.id, true],
        [opted.body.id, true],
      ],
    );
    assert.equal((await admin('PATCH', `/admin/accounts/${accountId}/keys/${created.body.id}`, { log_bodies: false })).body.log_bodies, false);
  });

  test('wrong types are a 400, an unknown key or account a 404', async () => {
    const { body: key } = await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'k' });
    for (const body of [{ log_bodies: 'yes' }, { log_bodies: 1 }, {}, { log_bodies: true, name: 'renamed' }]) {
      const response = await admin('PATCH', `/admin/accounts/${accountId}/keys/${key.id}`, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.type, 'invalid_request_error');
    }
    assert.equal((await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'k', log_bodies: 'true' })).status, 400);
    assert.equal((await admin('PATCH', `/admin/accounts/${accountId}/keys/key_nope`, { log_bodies: true })).status, 404);
    assert.equal((await admin('PATCH', `/admin/accounts/acct_nope/keys/${key.id}`, { log_bodies: true })).status, 404);
    const other = (await admin('POST', '/admin/accounts', { name: 'other' })).body.id;
    assert.equal((await admin('PATCH', `/admin/accounts/${other}/keys/${key.id}`, { log_bodies: true })).status, 404, 'another account’s key');
  });

  test('a key without the flag logs no bodies', async () => {
    const { body: key } = await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'quiet' });
    const response = await chat(key.key, { messages: [{ role: 'user', content: `my key is ${SECRET}` }] });
    assert.equal(response.status, 200);
    await response.json();
    const entry = await logged(response.headers.get('x-switchyard-request-id')!, key.key);
    assert.equal(entry.status, 200);
    assert.equal(entry.bodies, undefined);
  });

  test('with the flag, request and response bodies are logged with secrets redacted', async () => {
    const { body: key } = await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'loud', log_bodies: true });
    const response = await chat(key.key, { messages: [{ role: 'user', content: `my key is ${SECRET}` }] });
    assert.equal(response.status, 200);
    const answer = (await response.json()) as { choices: { message: { content: string } }[] };
    assert.ok(answer.choices[0].message.content.includes(SECRET), 'the client itself gets its answer untouched');

    const entry = await logged(response.headers.get('x-switchyard-request-id')!, key.key);
    const text = JSON.stringify(entry);
    assert.ok(!text.includes(SECRET), 'the secret is nowhere in the log entry');
    assert.ok(!text.includes(key.key) && !text.includes(key.key.slice(3)), 'nor the gateway key the request was made with');
    assert.deepEqual(entry.bodies.request, { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'my key is sk-[redacted]' }] });
    assert.equal(entry.bodies.request_headers.authorization, undefined, 'credential headers are dropped');
    assert.equal(entry.bodies.request_headers['content-type'], 'application/json');
    assert.equal(entry.bodies.response.object, 'chat.completion');
    assert.equal(entry.bodies.response.choices[0].message.content, answer.choices[0].message.content.replace(SECRET, 'sk-[redacted]'));
    assert.equal(entry.bodies.response_truncated, false);
  });

  test('a switched-on key logs at once, and a stream’s response is its SSE text', async () => {
    const { body: key } = await admin('POST', `/admin/accounts/${accountId}/keys`, { name: 'streamer' });
    // Authenticate once first: the switch must reach a key the gateway has just seen (and may remember).
    await (await fetch(`${stack.gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key.key}` } })).body?.cancel();
    await admin('PATCH', `/admin/accounts/${accountId}/keys/${key.id}`, { log_bodies: true });

    const response = await chat(key.key, { stream: true, stream_options: { include_usage: true }, messages: [{ role: 'user', content: `stream ${SECRET} back` }] });
    assert.equal(response.status, 200);
    const sse = await response.text();

    const entry = await logged(response.headers.get('x-switchyard-request-id')!, key.key);
    assert.equal(entry.stream, true);
    assert.equal(entry.bodies.request.stream, true);
    assert.equal(entry.bodies.request.messages[0].content, 'stream sk-[redacted] back');
    assert.equal(typeof entry.bodies.response, 'string');
    // The emulator streams the echo a few characters per event (" sk-", "live", "-012" …): the
    // secret never appears whole in any frame, and is still redacted.
    const deltas = (text: string) =>
      text
        .split('\n')
        .filter((line) => line.startsWith('data: {'))
        .map((line) => JSON.parse(line.slice(6)).choices[0]?.delta?.content ?? '')
        .join('');
    assert.equal(deltas(sse), `Echo: stream ${SECRET} back`);
    assert.equal(deltas(entry.bodies.response), 'Echo: stream sk-[redacted] back');
    for (const fragment of ['"live"', '"-012"', '"3456"', '"789a"']) assert.ok(!entry.bodies.response.includes(fragment), `fragment ${fragment} is gone`);
    // The rendered frames (without the `id:` lines the resumable stream buffer numbers them with).
    assert.equal(entry.bodies.response.split('\n\n').length, sse.split('\n\n').length, 'frame for frame');
    assert.match(entry.bodies.response, /data: \[DONE\]/, 'down to the last frame');
    assert.equal(entry.bodies.response_truncated, false);
  });
});

describe('body logging for the local user', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ env: { SWITCHYARD_LOG_BODIES: 'true' } });
  });
  after(() => stack.close());

  test('SWITCHYARD_LOG_BODIES=true logs the local user’s bodies (no admin key, no per-key switch)', async () => {
    const response = await fetch(`${stack.gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': SECRET, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 50, messages: [{ role: 'user', content: 'Hello there' }] }),
    });
    assert.equal(response.status, 200);
    await response.json();
    const id = response.headers.get('x-switchyard-request-id')!;
    let entry: Record<string, any> | undefined;
    for (let tries = 0; tries < 100 && !entry; tries++) {
      const found = await fetch(`${stack.gateway.url}/v1/requests/${id}`);
      if (found.status === 200) entry = (await found.json()) as Record<string, any>;
      else {
        await found.body?.cancel();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    assert.ok(entry, 'the request was logged');
    assert.equal(entry.bodies.request.messages[0].content, 'Hello there');
    assert.equal(entry.bodies.request_headers['x-api-key'], undefined, 'the x-api-key header is dropped');
    assert.ok(!JSON.stringify(entry).includes(SECRET));
    assert.equal(entry.bodies.response.type, 'message');
  });
});
