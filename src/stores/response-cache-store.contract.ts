import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ResponseCacheEntry, ResponseCacheStore } from './response-cache-store.ts';

/** One store under test, freshly created and empty. */
export type ResponseCacheStoreHarness = { store: ResponseCacheStore; close(): Promise<void> };

export type ContractClock = { now: () => number };

const START = 1_750_000_000_000;

function jsonEntry(key: string, overrides: Partial<ResponseCacheEntry> = {}): ResponseCacheEntry {
  return {
    key,
    accountId: 'acct_1',
    answer: { kind: 'json', status: 200, headers: { 'x-switchyard-provider': 'openai' }, body: '{"id":"chatcmpl-1","text":"héllo"}' },
    createdAt: START,
    expiresAt: START + 60_000,
    ...overrides,
  };
}

/** The behaviour every `ResponseCacheStore` must have; the factory must pass `clock.now` to the store. */
export function describeResponseCacheStoreContract(name: string, makeStore: (clock: ContractClock) => Promise<ResponseCacheStoreHarness>): void {
  describe(`ResponseCacheStore contract: ${name}`, () => {
    let time = START;
    let harness: ResponseCacheStoreHarness;
    let store: ResponseCacheStore;

    beforeEach(async () => {
      time = START;
      harness = await makeStore({ now: () => time });
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('gives back a JSON answer and a stream answer exactly', async () => {
      const json = jsonEntry('k1');
      const stream = jsonEntry('k2', {
        answer: { kind: 'stream', contentType: 'text/event-stream; charset=utf-8', headers: { a: 'b' }, frames: ['data: {"x":"é"}\n\n', 'data: [DONE]\n\n'] },
      });
      await store.set(json);
      await store.set(stream);
      assert.deepEqual(await store.get('k1'), json);
      assert.deepEqual(await store.get('k2'), stream);
      assert.equal(await store.get('missing'), undefined);
    });

    it('replaces an entry under the same key', async () => {
      await store.set(jsonEntry('k'));
      const newer = jsonEntry('k', { answer: { kind: 'json', status: 200, headers: {}, body: '"second"' }, createdAt: START + 5 });
      await store.set(newer);
      assert.deepEqual(await store.get('k'), newer);
    });

    it('forgets an entry at its expiry', async () => {
      await store.set(jsonEntry('k', { expiresAt: START + 1000 }));
      time = START + 999;
      assert.ok(await store.get('k'));
      time = START + 1000;
      assert.equal(await store.get('k'), undefined);
    });

    it('deletes one entry, and deleteExpired removes only expired ones', async () => {
      await store.set(jsonEntry('gone'));
      await store.delete('gone');
      assert.equal(await store.get('gone'), undefined);
      await store.set(jsonEntry('short', { expiresAt: START + 10 }));
      await store.set(jsonEntry('long', { expiresAt: START + 10_000 }));
      time = START + 10;
      assert.equal(await store.deleteExpired(), 1);
      assert.ok(await store.get('long'));
    });
  });
}
