import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PostgresLedgerStore } from './postgres-ledger-store.ts';
import { openSecondPool, openTestSchema } from './test-database.ts';

const AMOUNT = 1_000_000n;

test('two instances (separate pools) making 200 reservations at once against one wallet never overdraw it', async () => {
  const first = await openTestSchema();
  const secondPool = await openSecondPool(first.schema);
  try {
    const instances = [new PostgresLedgerStore(first.pool), new PostgresLedgerStore(secondPool)];
    await instances[0].credit({ accountId: 'a', amountNanos: 73n * AMOUNT + AMOUNT / 2n, idempotencyKey: 'k' });
    const expiresAt = Date.now() + 60_000;
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) => instances[i % 2].reserve({ accountId: 'a', amountNanos: AMOUNT, expiresAt })),
    );
    assert.equal(results.filter((result) => result.ok).length, 73);
    assert.ok(results.some((result, i) => result.ok && i % 2 === 0) && results.some((result, i) => result.ok && i % 2 === 1), 'both instances won some');
    assert.deepEqual(await instances[1].wallet('a'), { balanceNanos: 73n * AMOUNT + AMOUNT / 2n, reservedNanos: 73n * AMOUNT, availableNanos: AMOUNT / 2n });

    // Settling from both instances at once: every hold ends exactly once, the balance is exact.
    const holds = results.flatMap((result) => (result.ok ? [result.reservation] : []));
    await Promise.all(
      holds.flatMap((hold, i) => [
        instances[i % 2].capture({ reservationId: hold.id, amountNanos: 1000n }),
        instances[(i + 1) % 2].capture({ reservationId: hold.id, amountNanos: 1000n }),
      ]),
    );
    assert.deepEqual(await instances[0].wallet('a'), { balanceNanos: 73n * AMOUNT + AMOUNT / 2n - 73_000n, reservedNanos: 0n, availableNanos: 73n * AMOUNT + AMOUNT / 2n - 73_000n });
    const entries = await instances[0].listEntries('a', { limit: 1000 });
    assert.equal(entries.filter((entry) => entry.kind === 'capture').length, 73);
  } finally {
    await secondPool.end();
    await first.close();
  }
});
