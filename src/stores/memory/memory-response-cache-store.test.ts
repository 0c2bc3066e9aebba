import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeResponseCacheStoreContract } from '../response-cache-store.contract.ts';
import { cacheEntrySize, type ResponseCacheEntry } from '../response-cache-store.ts';
import { MemoryResponseCacheStore } from './memory-response-cache-store.ts';

describeResponseCacheStoreContract('in memory (LRU)', async ({ now }) => ({
  store: new MemoryResponseCacheStore({ now, maxBytes: 1024 * 1024 }),
  close: async () => {},
}));

const entry = (key: string, body: string): ResponseCacheEntry => ({
  key,
  accountId: 'acct_1',
  answer: { kind: 'json', status: 200, headers: {}, body },
  createdAt: 0,
  expiresAt: Number.MAX_SAFE_INTEGER,
});

test('past its byte bound the cache drops the least recently used entries first', async () => {
  const size = cacheEntrySize(entry('a', 'x'.repeat(100)));
  const store = new MemoryResponseCacheStore({ maxBytes: size * 2 });
  await store.set(entry('a', 'x'.repeat(100)));
  await store.set(entry('b', 'y'.repeat(100)));
  await store.get('a'); // a is now more recent than b
  await store.set(entry('c', 'z'.repeat(100)));
  assert.ok(await store.get('a'));
  assert.equal(await store.get('b'), undefined);
  assert.ok(await store.get('c'));
  assert.equal(store.bytes, size * 2);
});

test('an entry larger than the whole bound is not kept and evicts nothing', async () => {
  const store = new MemoryResponseCacheStore({ maxBytes: 200 });
  await store.set(entry('small', 'ok'));
  await store.set(entry('huge', 'x'.repeat(500)));
  assert.equal(await store.get('huge'), undefined);
  assert.ok(await store.get('small'));
});
