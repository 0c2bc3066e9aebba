import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openAiChatFormat } from '../api/openai-chat/index.ts';
import { GatewayError } from '../core/errors.ts';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { SqliteResponseCacheStore } from '../stores/sqlite/sqlite-response-cache-store.ts';
import { createResponseCache, replayCachedFrames, type CacheLookup } from './response-cache.ts';

function setup() {
  let time = 1_750_000_000_000;
  const db = openSqlite(IN_MEMORY);
  const cache = createResponseCache({ store: new SqliteResponseCacheStore(db, { now: () => time }), now: () => time });
  return { cache, advance: (ms: number) => (time += ms) };
}

const request = (stream = false) => openAiChatFormat.parseRequest({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'Hi' }] });
/** The key a MISS or BYPASS handed out for storing the answer. */
function keyOf(lookup: CacheLookup): string {
  assert.ok(lookup.status !== 'HIT' && lookup.key, `expected a key to store under, got ${lookup.status}`);
  return lookup.key;
}
const ttl = (seconds: number) => ({ 'x-switchyard-cache-ttl': String(seconds) });
const answer = { kind: 'json' as const, status: 200, headers: { 'content-type': 'application/json', 'x-switchyard-provider': 'openai', 'x-switchyard-request-id': 'req_first', 'x-ratelimit-remaining-requests': '9' }, body: '{"id":"chatcmpl-1"}' };

test('a miss is stored under its key and the next identical request is a hit, without per-request headers', async () => {
  const { cache } = setup();
  const miss = await cache.lookup({ accountId: 'acct_1', formatId: 'openai-chat', request: request(), headers: ttl(60) });
  assert.equal(miss.status, 'MISS');
  assert.deepEqual(miss.headers, { 'x-switchyard-cache': 'MISS' });
  assert.ok(miss.status === 'MISS' && miss.ttlSeconds === 60);
  assert.equal(await cache.store(keyOf(miss), 60, answer), true);

  const hit = await cache.lookup({ accountId: 'acct_1', formatId: 'openai-chat', request: request(), headers: ttl(60) });
  assert.equal(hit.status, 'HIT');
  assert.deepEqual(hit.headers, { 'x-switchyard-cache': 'HIT' });
  if (hit.status !== 'HIT') return;
  assert.deepEqual(hit.entry.answer, { ...answer, headers: { 'content-type': 'application/json', 'x-switchyard-provider': 'openai' } });
});

test('entries expire after their ttl, and never serve another account', async () => {
  const { cache, advance } = setup();
  const miss = await cache.lookup({ accountId: 'acct_1', formatId: 'openai-chat', request: request(), headers: ttl(10) });
  await cache.store(keyOf(miss), 10, answer);
  assert.equal((await cache.lookup({ accountId: 'acct_2', formatId: 'openai-chat', request: request(), headers: ttl(10) })).status, 'MISS');
  advance(9_999);
  assert.equal((await cache.lookup({ accountId: 'acct_1', formatId: 'openai-chat', request: request(), headers: ttl(10) })).status, 'HIT');
  advance(1);
  assert.equal((await cache.lookup({ accountId: 'acct_1', formatId: 'openai-chat', request: request(), headers: ttl(10) })).status, 'MISS');
});

test('without a ttl the cache is not consulted and reports nothing; skip-cache bypasses and refreshes', async () => {
  const { cache } = setup();
  assert.deepEqual(await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(), headers: {} }), { status: 'BYPASS', headers: {} });
  const first = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(), headers: ttl(60) });
  await cache.store(keyOf(first), 60, answer);
  const skipped = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(), headers: { ...ttl(60), 'x-switchyard-skip-cache': 'true' } });
  assert.equal(skipped.status, 'BYPASS');
  assert.deepEqual(skipped.headers, { 'x-switchyard-cache': 'BYPASS' });
  await cache.store(keyOf(skipped), 60, { ...answer, body: '{"id":"chatcmpl-2"}' });
  const hit = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(), headers: ttl(60) });
  assert.equal(hit.status === 'HIT' && hit.entry.answer.kind === 'json' && hit.entry.answer.body, '{"id":"chatcmpl-2"}');
});

test('a bad ttl header is a 400 before anything else', async () => {
  const { cache } = setup();
  await assert.rejects(cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(), headers: ttl(0) }), (error: unknown) => error instanceof GatewayError && error.status === 400);
});

test('failures are not cached: a non-2xx JSON answer, a stream with an error frame', async () => {
  const { cache } = setup();
  const json = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(), headers: ttl(60) });
  assert.equal(await cache.store(keyOf(json), 60, { ...answer, status: 429 }), false);
  const stream = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(true), headers: ttl(60) });
  const frames = ['data: {"choices":[{"delta":{"content":"He"}}]}\n\n', 'data: {"error":{"message":"upstream broke","type":"api_error"}}\n\n'];
  assert.equal(await cache.store(keyOf(stream), 60, { kind: 'stream', contentType: 'text/event-stream', headers: {}, frames }), false);
  assert.equal((await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(true), headers: ttl(60) })).status, 'MISS');
});

test('tee passes a stream through and stores it once it ends; a hit replays the same frames', async () => {
  const { cache } = setup();
  const miss = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(true), headers: ttl(60) });
  const frames = ['data: {"choices":[{"delta":{"content":"Hel"}}]}\n\n', 'data: {"choices":[{"delta":{"content":"lo"}}]}\n\n', 'data: [DONE]\n\n'];
  async function* upstream() {
    yield* frames;
  }
  const passed: string[] = [];
  for await (const frame of cache.tee(keyOf(miss), 60, { contentType: 'text/event-stream; charset=utf-8', headers: { 'x-switchyard-provider': 'openai' } }, upstream())) passed.push(frame);
  assert.deepEqual(passed, frames);
  await new Promise((resolve) => setImmediate(resolve));
  const hit = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(true), headers: ttl(60) });
  assert.equal(hit.status, 'HIT');
  if (hit.status !== 'HIT' || hit.entry.answer.kind !== 'stream') throw new Error('expected a cached stream');
  const replayed: string[] = [];
  for await (const frame of replayCachedFrames(hit.entry.answer)) replayed.push(frame);
  assert.deepEqual(replayed, frames);
  // The non-streaming request is a separate entry.
  assert.equal((await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(false), headers: ttl(60) })).status, 'MISS');
});

test('a stream that throws part-way is not stored', async () => {
  const { cache } = setup();
  const miss = await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(true), headers: ttl(60) });
  async function* broken() {
    yield 'data: {"choices":[]}\n\n';
    throw new Error('socket closed');
  }
  await assert.rejects(async () => {
    for await (const _ of cache.tee(keyOf(miss), 60, { contentType: 'text/event-stream', headers: {} }, broken()));
  });
  assert.equal((await cache.lookup({ accountId: 'a', formatId: 'openai-chat', request: request(true), headers: ttl(60) })).status, 'MISS');
});
