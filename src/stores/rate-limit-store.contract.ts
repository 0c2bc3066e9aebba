import { beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { slidingCount, untilEmpty, waitUntilFits, type RateLimitStore } from './rate-limit-store.ts';

export type ContractClock = { now: () => number };

const MINUTE = 60_000;
// The start of a fixed window, so elapsed fractions in the tests are exact.
const START = 1_750_000_020_000 - (1_750_000_020_000 % MINUTE);

/** The behaviour every `RateLimitStore` must have; the factory must pass `clock.now` to the store. */
export function describeRateLimitStoreContract(name: string, makeStore: (clock: ContractClock) => Promise<RateLimitStore>): void {
  describe(`RateLimitStore contract: ${name}`, () => {
    let time = START;
    let store: RateLimitStore;
    beforeEach(async () => {
      time = START;
      store = await makeStore({ now: () => time });
    });

    it('admits up to the limit within a window and no further', async () => {
      for (let i = 0; i < 3; i++) assert.equal((await store.consume({ name: 'k', windowMs: MINUTE, limit: 3, amount: 1 })).allowed, true);
      const refused = await store.consume({ name: 'k', windowMs: MINUTE, limit: 3, amount: 1 });
      assert.equal(refused.allowed, false);
      assert.equal(slidingCount(refused), 3, 'a refused call adds nothing');
    });

    it('concurrent consumers never get past the limit', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => store.consume({ name: 'k', windowMs: MINUTE, limit: 7, amount: 1 })));
      assert.equal(results.filter((result) => result.allowed).length, 7);
    });

    it('slides: the previous window counts by the share that still overlaps', async () => {
      for (let i = 0; i < 10; i++) await store.consume({ name: 'k', windowMs: MINUTE, limit: 10, amount: 1 });
      time = START + MINUTE + MINUTE / 2; // half of the previous window still overlaps: 10 × 0.5
      const state = await store.peek({ name: 'k', windowMs: MINUTE });
      assert.equal(slidingCount(state), 5);
      assert.equal(waitUntilFits(state, 10, 5), 0);
      assert.equal(waitUntilFits(state, 10, 6), 6_000, 'one more unit of room decays in a tenth of a window');
      time = START + 3 * MINUTE;
      assert.equal(slidingCount(await store.peek({ name: 'k', windowMs: MINUTE })), 0);
    });

    it('add counts past the limit (usage known after the fact), and the wait covers it', async () => {
      const state = await store.add({ name: 't', windowMs: MINUTE, amount: 1500 });
      assert.equal(slidingCount(state), 1500);
      assert.equal(untilEmpty(state), 2 * MINUTE);
      // 1500 in the current window, limit 1000: in the next window 1500 × (1 − t) + 1 ≤ 1000 → t ≈ 0.334.
      const wait = waitUntilFits(state, 1000, 1);
      assert.ok(Math.abs(wait - (MINUTE + MINUTE * (1 - 999 / 1500))) <= 1);
    });

    it('keeps counters apart by name', async () => {
      await store.consume({ name: 'a', windowMs: MINUTE, limit: 1, amount: 1 });
      assert.equal((await store.consume({ name: 'b', windowMs: MINUTE, limit: 1, amount: 1 })).allowed, true);
    });
  });
}
