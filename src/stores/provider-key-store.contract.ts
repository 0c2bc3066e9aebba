import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { ProviderKeyRecord, ProviderKeyStore } from './provider-key-store.ts';

/** One store under test, freshly created and empty. */
export type ProviderKeyStoreHarness = { store: ProviderKeyStore; close(): Promise<void> };

const record = (overrides: Partial<ProviderKeyRecord> = {}): ProviderKeyRecord => ({
  accountId: 'acct_1',
  provider: 'openai',
  sealedKey: 'v1.bm9uY2U.Y2lwaGVydGV4dA',
  baseUrl: null,
  last4: 'wxyz',
  createdAt: 1_750_000_000_000,
  updatedAt: 1_750_000_000_000,
  ...overrides,
});

/** The behaviour every `ProviderKeyStore` must have. */
export function describeProviderKeyStoreContract(name: string, makeStore: () => Promise<ProviderKeyStoreHarness>): void {
  describe(`ProviderKeyStore contract: ${name}`, () => {
    let harness: ProviderKeyStoreHarness;
    let store: ProviderKeyStore;
    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('stores a key per account and provider, and lists them by provider', async () => {
      await store.put(record({ provider: 'openai' }));
      await store.put(record({ provider: 'anthropic', baseUrl: 'https://proxy.example/anthropic' }));
      await store.put(record({ accountId: 'acct_2' }));
      assert.deepEqual(await store.get('acct_1', 'anthropic'), record({ provider: 'anthropic', baseUrl: 'https://proxy.example/anthropic' }));
      assert.deepEqual((await store.list('acct_1')).map((key) => key.provider), ['anthropic', 'openai']);
      assert.equal(await store.get('acct_3', 'openai'), undefined);
    });

    it('replaces a key, keeping when it was first created', async () => {
      await store.put(record());
      const replaced = await store.put(record({ sealedKey: 'v1.other', last4: 'abcd', createdAt: 1_750_000_009_000, updatedAt: 1_750_000_009_000 }));
      assert.equal(replaced.createdAt, 1_750_000_000_000);
      assert.deepEqual(await store.get('acct_1', 'openai'), replaced);
      assert.equal(replaced.sealedKey, 'v1.other');
    });

    it('deletes a key once', async () => {
      await store.put(record());
      assert.equal(await store.delete('acct_1', 'openai'), true);
      assert.equal(await store.delete('acct_1', 'openai'), false);
      assert.equal(await store.get('acct_1', 'openai'), undefined);
    });

    it('keeps the BYOK-only preference per account, off by default', async () => {
      assert.deepEqual(await store.getPreference('acct_1'), { byokOnly: false });
      await store.setPreference('acct_1', { byokOnly: true });
      assert.deepEqual(await store.getPreference('acct_1'), { byokOnly: true });
      assert.deepEqual(await store.getPreference('acct_2'), { byokOnly: false });
      await store.setPreference('acct_1', { byokOnly: false });
      assert.deepEqual(await store.getPreference('acct_1'), { byokOnly: false });
    });
  });
}
