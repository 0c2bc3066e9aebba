import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import type { IdempotentResponse } from '../idempotency-store.ts';
import { RedisIdempotencyStore } from './redis-idempotency-store.ts';
import { RedisIdempotentRequests } from './redis-idempotent-requests.ts';
import { connectTestRedis, deleteKeys } from './testing/test-redis.ts';

const { redis, prefix, connect } = await connectTestRedis();
const connections = [redis];
after(async () => {
  await deleteKeys(redis, prefix);
  for (const connection of connections) connection.disconnect();
});

/** One gateway instance's coordinator, on its own connection. */
async function instance(options: { claimTtlMs?: number } = {}): Promise<RedisIdempotentRequests> {
  const connection = await connect();
  connections.push(connection);
  return new RedisIdempotentRequests({ redis: connection, store: new RedisIdempotencyStore({ redis: connection, prefix }), retentionMs: 60_000, pollMs: 10, ...options });
}

const [a, b] = [await instance(), await instance()];
const response: IdempotentResponse = { kind: 'json', status: 200, headers: { 'x-switchyard-provider': 'openai' }, body: '{"id":"chatcmpl-1"}' };
const FP = 'f'.repeat(64);
let n = 0;
const newKey = () => `key-${++n}-${Date.now()}`;

describe('Idempotency-Key across gateway instances', () => {
  test('a duplicate on another instance waits for the first request and replays its response', async () => {
    const key = newKey();
    const first = await a.begin('acct_1', key, FP);
    assert.equal(first.kind, 'run');
    const duplicate = b.begin('acct_1', key, FP);
    await new Promise((resolve) => setTimeout(resolve, 40));
    if (first.kind === 'run') await first.complete(response);
    assert.deepEqual(await duplicate, { kind: 'replay', response });
    assert.deepEqual(await a.begin('acct_1', key, FP), { kind: 'replay', response }, 'and so does a later retry');
  });

  test('a stream response is shared the same way: the duplicate becomes one more reader', async () => {
    const key = newKey();
    const first = await b.begin('acct_1', key, FP);
    const duplicate = a.begin('acct_1', key, FP);
    if (first.kind === 'run') await first.complete({ kind: 'stream', streamId: 'str_abc' });
    assert.deepEqual(await duplicate, { kind: 'replay', response: { kind: 'stream', streamId: 'str_abc' } });
  });

  test('the same key with another request body is a 409, in flight or finished', async () => {
    const key = newKey();
    const first = await a.begin('acct_1', key, FP);
    await assert.rejects(b.begin('acct_1', key, 'e'.repeat(64)), (error: GatewayError) => error.status === 409 && error.param === 'Idempotency-Key');
    if (first.kind === 'run') await first.complete(response);
    await assert.rejects(b.begin('acct_1', key, 'e'.repeat(64)), (error: GatewayError) => error.status === 409);
    assert.equal((await b.begin('acct_2', key, 'e'.repeat(64))).kind, 'run', 'keys belong to one account');
  });

  test("waiters get the first request's error; a later retry runs anew", async () => {
    const key = newKey();
    const first = await a.begin('acct_1', key, FP);
    const duplicate = b.begin('acct_1', key, FP);
    await new Promise((resolve) => setTimeout(resolve, 30));
    if (first.kind === 'run') first.fail(new GatewayError({ status: 429, code: 'rate_limited', message: 'Slow down.', provider: 'openai', retryAfterSeconds: 3 }));
    await assert.rejects(duplicate, (error: GatewayError) => error instanceof GatewayError && error.status === 429 && error.code === 'rate_limited' && error.retryAfterSeconds === 3);
    assert.equal((await b.begin('acct_1', key, FP)).kind, 'run');
  });

  test("a claim left by an instance that died lapses, and a waiter runs the request itself", async () => {
    const shortLived = await instance({ claimTtlMs: 100 });
    const key = newKey();
    assert.equal((await shortLived.begin('acct_1', key, FP)).kind, 'run'); // never completes
    const started = Date.now();
    assert.equal((await b.begin('acct_1', key, FP)).kind, 'run');
    assert.ok(Date.now() - started >= 50);
  });

  test('rejects malformed keys like the in-process coordinator', async () => {
    await assert.rejects(a.begin('acct_1', 'has space', FP), (error: GatewayError) => error.status === 400);
  });
});
