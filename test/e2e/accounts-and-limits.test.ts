import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';

const adminKey = 'admin-key-for-tests-0123456789';

describe('accounts and gateway keys', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ adminKey, env: { SWITCHYARD_BODY_LIMIT_BYTES: String(1024 * 1024) } });
  });
  after(() => stack.close());

  const admin = (method: string, path: string, body?: unknown, key = adminKey) =>
    fetch(`${stack.gateway.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });

  test('an admin creates an account and a key; the key works until it is revoked', async () => {
    const account = (await (await admin('POST', '/admin/accounts', { name: 'Acme agents' })).json()) as { id: string };
    // With an admin key billing is on: the account needs credits to run inference.
    await admin('POST', `/admin/accounts/${account.id}/credits`, { amount_usd: '5', idempotency_key: 'acme-topup' });
    assert.match(account.id, /^acct_/);
    const created = await admin('POST', `/admin/accounts/${account.id}/keys`, { name: 'planner' });
    assert.equal(created.status, 201);
    const { id: keyId, key } = (await created.json()) as { id: string; key: string };
    assert.match(key, /^sy-/);

    const listed = (await (await admin('GET', `/admin/accounts/${account.id}/keys`)).json()) as { data: unknown[] };
    assert.ok(!JSON.stringify(listed).includes(key), 'listing never shows the secret');

    const client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: key, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    assert.equal(completion.choices[0].message.content, 'Echo: Hi');

    // Anthropic-style x-api-key works as well.
    const viaApiKey = await fetch(`${stack.gateway.url}/v1/models`, { headers: { 'x-api-key': key } });
    assert.equal(viaApiKey.status, 200);

    assert.equal((await admin('DELETE', `/admin/accounts/${account.id}/keys/${keyId}`)).status, 200);
    await assert.rejects(client.models.list(), (error: unknown) => error instanceof OpenAI.AuthenticationError);
  });

  test('agent calls without a key, or with a wrong one, are 401 in the OpenAI shape', async () => {
    const missing = await fetch(`${stack.gateway.url}/v1/models`);
    assert.equal(missing.status, 401);
    assert.equal(((await missing.json()) as { error: { type: string } }).error.type, 'authentication_error');
    const wrong = await fetch(`${stack.gateway.url}/v1/models`, { headers: { authorization: 'Bearer sy-nope' } });
    assert.equal(wrong.status, 401);
  });

  test('the admin API refuses gateway keys and wrong admin keys', async () => {
    assert.equal((await admin('GET', '/admin/accounts', undefined, 'not-the-admin-key')).status, 401);
    assert.equal((await fetch(`${stack.gateway.url}/admin/accounts`)).status, 401);
  });

  test('bad admin input is a 400, an unknown account a 404', async () => {
    assert.equal((await admin('POST', '/admin/accounts', { name: 42 })).status, 400);
    assert.equal((await admin('POST', '/admin/accounts/acct_missing/keys', { name: 'x' })).status, 404);
  });

  test('a body over the limit is refused with 413 before it is read whole', async () => {
    const account = (await (await admin('POST', '/admin/accounts', { name: 'big' })).json()) as { id: string };
    const { key } = (await (await admin('POST', `/admin/accounts/${account.id}/keys`, { name: 'k' })).json()) as { key: string };
    const url = new URL(`${stack.gateway.url}/v1/chat/completions`);
    // Chunked upload with no Content-Length: the gateway must count as it reads and stop early.
    const { status, sentBytes } = await new Promise<{ status: number; sentBytes: number }>((resolve, reject) => {
      let sentBytes = 0;
      let answered = false;
      const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' } });
      req.on('response', (res) => {
        answered = true;
        res.resume();
        resolve({ status: res.statusCode!, sentBytes });
      });
      req.on('error', (error) => (answered ? undefined : reject(error)));
      const chunk = Buffer.alloc(64 * 1024, 'a');
      const pump = () => {
        while (!answered && sentBytes < 64 * 1024 * 1024) {
          sentBytes += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    assert.equal(status, 413);
    assert.ok(sentBytes < 64 * 1024 * 1024, 'the gateway answered before the whole body was sent');
  });
});
