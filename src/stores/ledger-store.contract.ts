import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import type { LedgerStore } from './ledger-store.ts';

/** One ledger under test, freshly created and empty. */
export type LedgerStoreHarness = { store: LedgerStore; close(): Promise<void> };

/** A clock the contract moves by hand. */
export type LedgerContractClock = { now: () => number };

const USD = 1_000_000_000n;

/**
 * The behaviour every `LedgerStore` must have. Each implementation's test file calls this with
 * a factory for an empty store; the factory must pass `clock.now` to the store.
 */
export function describeLedgerStoreContract(name: string, makeStore: (clock: LedgerContractClock) => Promise<LedgerStoreHarness>): void {
  describe(`LedgerStore contract: ${name}`, () => {
    let time = 1_750_000_000_000;
    let harness: LedgerStoreHarness;
    let store: LedgerStore;
    const hold = (accountId: string, amountNanos: bigint, extra: { expiresAt?: number; provider?: string; model?: string } = {}) =>
      store.reserve({ accountId, amountNanos, expiresAt: extra.expiresAt ?? time + 60_000, ...extra });
    const reserved = async (accountId: string, amountNanos: bigint) => {
      const result = await hold(accountId, amountNanos);
      assert.ok(result.ok, 'the reservation is accepted');
      return result.reservation;
    };

    beforeEach(async () => {
      time = 1_750_000_000_000;
      harness = await makeStore({ now: () => time });
      store = harness.store;
    });
    afterEach(() => harness.close());

    it('starts every account at zero', async () => {
      assert.deepEqual(await store.wallet('acct_new'), { balanceNanos: 0n, reservedNanos: 0n, availableNanos: 0n });
    });

    it('credits once per idempotency key and returns the first entry on a repeat', async () => {
      const first = await store.credit({ accountId: 'a', amountNanos: 10n * USD, idempotencyKey: 'topup-1', description: 'March' });
      assert.equal(first.created, true);
      assert.deepEqual(first.entry, { id: first.entry.id, accountId: 'a', kind: 'credit', amountNanos: 10n * USD, createdAt: time, idempotencyKey: 'topup-1', description: 'March' });
      time += 1000;
      const repeat = await store.credit({ accountId: 'a', amountNanos: 99n * USD, idempotencyKey: 'topup-1' });
      assert.deepEqual(repeat, { entry: first.entry, created: false, wallet: first.wallet });
      await store.credit({ accountId: 'b', amountNanos: 1n, idempotencyKey: 'topup-1' }); // keys are per account
      assert.deepEqual(await store.wallet('a'), { balanceNanos: 10n * USD, reservedNanos: 0n, availableNanos: 10n * USD });
      assert.equal((await store.wallet('b')).balanceNanos, 1n);
    });

    it('keeps amounts beyond 2^53 nano-dollars exact', async () => {
      const big = 2n ** 53n + 1n;
      await store.credit({ accountId: 'a', amountNanos: big, idempotencyKey: 'k1' });
      await store.credit({ accountId: 'a', amountNanos: big, idempotencyKey: 'k2' });
      assert.equal((await store.wallet('a')).balanceNanos, 2n * big);
    });

    it('holds part of the balance: available = balance − holds; refuses what it cannot cover', async () => {
      await store.credit({ accountId: 'a', amountNanos: 10n * USD, idempotencyKey: 'k' });
      const reservation = await reserved('a', 4n * USD);
      assert.equal(reservation.kind, 'reservation');
      assert.equal(reservation.expiresAt, time + 60_000);
      assert.deepEqual(await store.wallet('a'), { balanceNanos: 10n * USD, reservedNanos: 4n * USD, availableNanos: 6n * USD });
      const refused = await hold('a', 6n * USD + 1n);
      assert.deepEqual(refused, { ok: false, wallet: { balanceNanos: 10n * USD, reservedNanos: 4n * USD, availableNanos: 6n * USD } });
      assert.equal((await hold('a', 6n * USD)).ok, true, 'exactly the available amount is fine');
      assert.equal((await hold('a', 0n)).ok, false, 'an empty wallet serves nothing, not even an unpriced request');
      assert.equal((await hold('nobody', 0n)).ok, false);
    });

    it('never overdraws under concurrency: 100 reservations against a balance covering 37', async () => {
      const amount = 123_456_789n;
      await store.credit({ accountId: 'a', amountNanos: 37n * amount + amount - 1n, idempotencyKey: 'k' });
      const results = await Promise.all(Array.from({ length: 100 }, () => hold('a', amount)));
      assert.equal(results.filter((result) => result.ok).length, 37);
      const wallet = await store.wallet('a');
      assert.equal(wallet.reservedNanos, 37n * amount);
      assert.equal(wallet.availableNanos, amount - 1n);
    });

    it('captures the exact cost and ends the hold, once', async () => {
      await store.credit({ accountId: 'a', amountNanos: 10n * USD, idempotencyKey: 'k' });
      const reservation = await reserved('a', 2n * USD);
      time += 500;
      const tokens = { inputTokens: 1000, outputTokens: 50, cacheReadTokens: 600, reasoningTokens: 10 };
      const first = await store.capture({ reservationId: reservation.id, amountNanos: 135_000n, provider: 'openai', model: 'gpt-4o-mini', tokens });
      assert.equal(first.created, true);
      assert.deepEqual(first.entry, {
        id: first.entry.id, accountId: 'a', kind: 'capture', amountNanos: 135_000n, createdAt: time, reservationId: reservation.id,
        provider: 'openai', model: 'gpt-4o-mini', tokens, priced: true,
      });
      assert.deepEqual(first.wallet, { balanceNanos: 10n * USD - 135_000n, reservedNanos: 0n, availableNanos: 10n * USD - 135_000n });
      const again = await store.capture({ reservationId: reservation.id, amountNanos: 999n });
      assert.deepEqual(again, { entry: first.entry, created: false, wallet: first.wallet });
      assert.deepEqual(await store.release(reservation.id), {}, 'a captured hold has nothing left to release');
    });

    it('charges a capture above its hold in full: the balance dips below zero by the difference', async () => {
      await store.credit({ accountId: 'a', amountNanos: 1n * USD, idempotencyKey: 'k' });
      const reservation = await reserved('a', 1n * USD);
      const { wallet } = await store.capture({ reservationId: reservation.id, amountNanos: 1n * USD + 250n });
      assert.deepEqual(wallet, { balanceNanos: -250n, reservedNanos: 0n, availableNanos: -250n });
      assert.equal((await hold('a', 0n)).ok, false);
    });

    it('releases a failed request’s hold without charge, once', async () => {
      await store.credit({ accountId: 'a', amountNanos: 5n * USD, idempotencyKey: 'k' });
      const reservation = await reserved('a', 3n * USD);
      const released = await store.release(reservation.id);
      assert.deepEqual(released.entry, { id: released.entry!.id, accountId: 'a', kind: 'release', amountNanos: 3n * USD, createdAt: time, reservationId: reservation.id });
      assert.deepEqual(released.wallet, { balanceNanos: 5n * USD, reservedNanos: 0n, availableNanos: 5n * USD });
      assert.deepEqual(await store.release(reservation.id), {});
      const unknown = (error: unknown) => error instanceof GatewayError && error.status === 404;
      await assert.rejects(store.release('le_nope'), unknown);
      await assert.rejects(store.capture({ reservationId: 'le_nope', amountNanos: 1n }), unknown);
    });

    it('stops counting lapsed holds and releases them in a sweep; a late capture still charges', async () => {
      await store.credit({ accountId: 'a', amountNanos: 10n * USD, idempotencyKey: 'k' });
      const crashed = await reserved('a', 6n * USD);
      const late = await reserved('a', 4n * USD);
      assert.equal((await hold('a', 1n)).ok, false);
      time += 60_000;
      assert.equal((await hold('a', 9n * USD)).ok, true, 'lapsed holds no longer count against the balance');
      time += 60_000;
      assert.equal(await store.releaseExpired(), 1);
      assert.equal(await store.releaseExpired(), 0);
      const captured = await store.capture({ reservationId: late.id, amountNanos: 2n * USD });
      assert.deepEqual(captured.wallet, { balanceNanos: 8n * USD, reservedNanos: 0n, availableNanos: 8n * USD });
      const kinds = (await store.listEntries('a', { limit: 20 })).map((entry) => [entry.kind, entry.reservationId ?? entry.id]);
      assert.ok(kinds.some(([kind, id]) => kind === 'release' && id === crashed.id));
    });

    it('lists entries newest first, a page at a time', async () => {
      await store.credit({ accountId: 'a', amountNanos: 10n * USD, idempotencyKey: 'k1' });
      const reservation = await reserved('a', 1n * USD);
      await store.capture({ reservationId: reservation.id, amountNanos: 1n });
      await store.credit({ accountId: 'b', amountNanos: 10n * USD, idempotencyKey: 'k1' });
      const all = await store.listEntries('a', { limit: 10 });
      assert.deepEqual(all.map((entry) => entry.kind), ['capture', 'reservation', 'credit']);
      const page = await store.listEntries('a', { limit: 1, before: all[0].id });
      assert.deepEqual(page, [all[1]]);
      assert.deepEqual(await store.listEntries('a', { limit: 5, before: all[2].id }), []);
    });

    it('sums captures per provider and model over a period', async () => {
      await store.credit({ accountId: 'a', amountNanos: 10n * USD, idempotencyKey: 'k' });
      const charge = async (provider: string, model: string, amountNanos: bigint, inputTokens: number, priced = true) => {
        const reservation = await reserved('a', 1000n);
        await store.capture({ reservationId: reservation.id, amountNanos, provider, model, tokens: { inputTokens, outputTokens: 1, cacheReadTokens: 2 }, priced });
      };
      await charge('openai', 'gpt-4o-mini', 100n, 10);
      time += 1000;
      await charge('openai', 'gpt-4o-mini', 200n, 20);
      await charge('anthropic', 'claude-haiku-4-5', 300n, 30);
      await charge('groq', 'llama-x', 0n, 5, false);
      time += 1000;
      await charge('openai', 'gpt-4o-mini', 400n, 40);
      const lines = await store.spendByModel('a', { from: time - 1000, to: time });
      assert.deepEqual(lines, [
        { provider: 'anthropic', model: 'claude-haiku-4-5', requests: 1, unpricedRequests: 0, costNanos: 300n, inputTokens: 30, outputTokens: 1, cacheReadTokens: 2, cacheWriteTokens: 0, reasoningTokens: 0 },
        { provider: 'groq', model: 'llama-x', requests: 1, unpricedRequests: 1, costNanos: 0n, inputTokens: 5, outputTokens: 1, cacheReadTokens: 2, cacheWriteTokens: 0, reasoningTokens: 0 },
        { provider: 'openai', model: 'gpt-4o-mini', requests: 1, unpricedRequests: 0, costNanos: 200n, inputTokens: 20, outputTokens: 1, cacheReadTokens: 2, cacheWriteTokens: 0, reasoningTokens: 0 },
      ]);
      assert.equal((await store.spendByModel('a', {})).find((line) => line.provider === 'openai')?.costNanos, 700n);
    });

    it('hands out a low-balance alert once per crossing, re-armed by a top-up above the threshold', async () => {
      await store.credit({ accountId: 'a', amountNanos: 10n * USD, idempotencyKey: 'k1' });
      assert.equal(await store.claimLowBalanceAlert('a'), undefined, 'no alert configured');
      await store.setLowBalanceAlert('a', { thresholdNanos: 5n * USD, webhookUrl: 'https://hooks.example/low', secret: 'whsec_x' });
      assert.deepEqual(await store.getLowBalanceAlert('a'), { accountId: 'a', thresholdNanos: 5n * USD, webhookUrl: 'https://hooks.example/low', secret: 'whsec_x' });
      assert.equal(await store.claimLowBalanceAlert('a'), undefined, 'above the threshold');
      await reserved('a', 6n * USD);
      const claims = await Promise.all([1, 2, 3].map(() => store.claimLowBalanceAlert('a')));
      assert.equal(claims.filter(Boolean).length, 1, 'one claim per crossing');
      assert.equal(claims.find(Boolean)?.wallet.availableNanos, 4n * USD);
      await store.credit({ accountId: 'a', amountNanos: 1n * USD, idempotencyKey: 'k2' }); // available 5: at the threshold, re-armed
      await reserved('a', 1n);
      assert.ok(await store.claimLowBalanceAlert('a'), 'fires again after the top-up');
      await store.setLowBalanceAlert('a', undefined);
      assert.equal(await store.getLowBalanceAlert('a'), undefined);
    });
  });
}
