import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { IdempotencyRecord, IdempotencyStore } from './idempotency-store.ts';

/** One store under test, freshly created and empty. */
export type IdempotencyStoreHarness = { store: IdempotencyStore; close(): Promise<void> };

export type ContractClock = { now: () => number };

const START = 1_750_000_000_000;

function record(key: string, overrides: Partial<IdempotencyRecord> = {}): IdempotencyRecord {
  return {
    accountId: 'acct_1',
    key,
    fingerprint: 'f'.repeat(64),
    response: { kind: 'json', status: 200, headers: { 'x-switchyard-provider': 'openai' }, body: '{"id":"chatcmpl-1","text":"héllo"}' },
    createdAt: START,
    expiresAt: START + 60_000,
    ...overrides,
  };
}

/** The behaviour every `IdempotencyStore` must have; the factory must pass `clock.now` to the store. */
export function describeIdempotencyStoreContract(name: string, makeStore: (clock: ContractClock) => Promise<IdempotencyStoreHarness>): void {
  describe(`IdempotencyStore contract: ${name}`, () => {
    let time = START;
    let harness: IdempotencyStoreHarness;
    let store: IdempotencyStore;

    beforeEach(async () => {
      time = START;
      harness = await makeStore({ now: () => time });
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('stores a JSON response and a stream response and gives them back exactly', async () => {
      const json = record('k1');
      const stream = record('k2', { response: { kind: 'stream', streamId: 'str_abc' } });
      assert.deepEqual(await store.put(json), json);
      assert.deepEqual(await store.put(stream), stream);
      assert.deepEqual(await store.get('acct_1', 'k1'), json);
      assert.deepEqual(await store.get('acct_1', 'k2'), stream);
    });

    it('keeps the first record for a key: a second put returns it unchanged', async () => {
      const first = record('k');
      await store.put(first);
      const second = record('k', { fingerprint: 'e'.repeat(64), response: { kind: 'stream', streamId: 'str_other' } });
      assert.deepEqual(await store.put(second), first);
      assert.deepEqual(await store.get('acct_1', 'k'), first);
    });

    it('scopes keys to their account', async () => {
      await store.put(record('shared'));
      assert.equal(await store.get('acct_2', 'shared'), undefined);
      const other = record('shared', { accountId: 'acct_2', fingerprint: 'a'.repeat(64) });
      assert.deepEqual(await store.put(other), other);
      assert.equal((await store.get('acct_1', 'shared'))?.fingerprint, 'f'.repeat(64));
    });

    it('forgets a key at its expiry: it can then hold a new record', async () => {
      await store.put(record('k', { expiresAt: START + 1000 }));
      time = START + 999;
      assert.ok(await store.get('acct_1', 'k'));
      time = START + 1000;
      assert.equal(await store.get('acct_1', 'k'), undefined);
      const fresh = record('k', { fingerprint: 'b'.repeat(64), createdAt: time, expiresAt: time + 1000 });
      assert.deepEqual(await store.put(fresh), fresh);
      assert.deepEqual(await store.get('acct_1', 'k'), fresh);
    });

    it('deleteExpired removes only expired records', async () => {
      await store.put(record('short', { expiresAt: START + 10 }));
      await store.put(record('long', { expiresAt: START + 10_000 }));
      time = START + 10;
      assert.equal(await store.deleteExpired(), 1);
      assert.ok(await store.get('acct_1', 'long'));
    });
  });
}
