import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { KeyLimits, KeyLimitsStore } from './key-limits-store.ts';

/** One store under test, freshly created and empty. */
export type KeyLimitsStoreHarness = { store: KeyLimitsStore; close(): Promise<void> };

const limits = (overrides: Partial<KeyLimits> = {}): KeyLimits => ({
  keyId: 'key_1',
  accountId: 'acct_1',
  dailyBudgetNanos: 5_000_000_000n,
  monthlyBudgetNanos: null,
  requestsPerMinute: 60,
  tokensPerMinute: null,
  updatedAt: 1_750_000_000_000,
  ...overrides,
});

/** The behaviour every `KeyLimitsStore` must have. */
export function describeKeyLimitsStoreContract(name: string, makeStore: () => Promise<KeyLimitsStoreHarness>): void {
  describe(`KeyLimitsStore contract: ${name}`, () => {
    let harness: KeyLimitsStoreHarness;
    let store: KeyLimitsStore;
    beforeEach(async () => {
      harness = await makeStore();
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('keeps a key\'s limits and replaces them', async () => {
      assert.equal(await store.getLimits('key_1'), undefined);
      await store.setLimits(limits());
      assert.deepEqual(await store.getLimits('key_1'), limits());
      const cleared = limits({ dailyBudgetNanos: null, monthlyBudgetNanos: 2n ** 62n, requestsPerMinute: null, tokensPerMinute: 100_000, updatedAt: 1_750_000_000_001 });
      await store.setLimits(cleared);
      assert.deepEqual(await store.getLimits('key_1'), cleared);
    });

    it('adds spend per key and period, exactly', async () => {
      assert.equal(await store.getSpend('key_1', 'day:2025-06-15'), 0n);
      await store.addSpend('key_1', ['day:2025-06-15', 'month:2025-06'], 1_234_567_891n);
      await store.addSpend('key_1', ['day:2025-06-16', 'month:2025-06'], 9_007_199_254_740_993n);
      assert.equal(await store.getSpend('key_1', 'day:2025-06-15'), 1_234_567_891n);
      assert.equal(await store.getSpend('key_1', 'month:2025-06'), 9_007_200_489_308_884n);
      assert.equal(await store.getSpend('key_2', 'month:2025-06'), 0n);
    });

    it('concurrent spend additions all count', async () => {
      await Promise.all(Array.from({ length: 40 }, () => store.addSpend('key_1', ['day:2025-06-15'], 25n)));
      assert.equal(await store.getSpend('key_1', 'day:2025-06-15'), 1000n);
    });
  });
}
