import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredStream, StreamStore } from './stream-store.ts';

/** One store under test, freshly created and empty. */
export type StreamStoreHarness = { store: StreamStore; close(): Promise<void> };

/** A clock the contract moves by hand. */
export type ContractClock = { now: () => number };

const START = 1_750_000_000_000;

function sample(id: string, overrides: Partial<StoredStream> = {}): StoredStream {
  return {
    id,
    accountId: 'acct_1',
    status: 'completed',
    contentType: 'text/event-stream; charset=utf-8',
    headers: { 'x-switchyard-provider': 'openai', 'x-switchyard-model': 'openai/gpt-4o-mini' },
    frames: ['data: {"choices":[{"delta":{"content":"héllo 👋"}}]}\n\n', 'event: x\r\ndata: multi\r\ndata: line\r\n\r\n', 'data: [DONE]\n\n'],
    createdAt: START,
    finishedAt: START + 500,
    expiresAt: START + 60_000,
    ...overrides,
  };
}

/**
 * The behaviour every `StreamStore` must have. Each implementation's test file calls this with
 * a factory for an empty store; the factory must pass `clock.now` to the store.
 */
export function describeStreamStoreContract(name: string, makeStore: (clock: ContractClock) => Promise<StreamStoreHarness>): void {
  describe(`StreamStore contract: ${name}`, () => {
    let time = START;
    let harness: StreamStoreHarness;
    let store: StreamStore;

    beforeEach(async () => {
      time = START;
      harness = await makeStore({ now: () => time });
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('gives back a saved stream exactly: frames byte for byte, in order, with its metadata', async () => {
      const stream = sample('str_a');
      await store.save(stream);
      assert.deepEqual(await store.get('str_a'), stream);
    });

    it('answers undefined for an unknown id', async () => {
      await store.save(sample('str_a'));
      assert.equal(await store.get('str_b'), undefined);
    });

    it('keeps a failed stream and an empty one', async () => {
      await store.save(sample('str_f', { status: 'failed', frames: ['data: partial\n\n'] }));
      await store.save(sample('str_e', { frames: [] }));
      assert.equal((await store.get('str_f'))?.status, 'failed');
      assert.deepEqual((await store.get('str_e'))?.frames, []);
    });

    it('replaces a stream saved twice under the same id', async () => {
      await store.save(sample('str_a'));
      await store.save(sample('str_a', { frames: ['data: again\n\n'], expiresAt: START + 120_000 }));
      assert.deepEqual(await store.get('str_a'), sample('str_a', { frames: ['data: again\n\n'], expiresAt: START + 120_000 }));
    });

    it('stops answering for a stream at its expiry, and deleteExpired removes only expired ones', async () => {
      await store.save(sample('str_short', { expiresAt: START + 1000 }));
      await store.save(sample('str_long', { expiresAt: START + 5000 }));
      time = START + 999;
      assert.ok(await store.get('str_short'));
      time = START + 1000;
      assert.equal(await store.get('str_short'), undefined);
      assert.equal(await store.deleteExpired(), 1);
      assert.equal(await store.deleteExpired(), 0);
      assert.ok(await store.get('str_long'));
    });

    it('holds a large stream', async () => {
      const frames = Array.from({ length: 5000 }, (_, n) => `data: {"n":${n},"text":"${'x'.repeat(100)}"}\n\n`);
      await store.save(sample('str_big', { frames }));
      assert.deepEqual((await store.get('str_big'))?.frames, frames);
    });
  });
}
