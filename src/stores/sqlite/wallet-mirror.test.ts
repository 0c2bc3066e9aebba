import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { openSqlite } from './open-sqlite.ts';
import { SqliteLedgerStore } from './sqlite-ledger-store.ts';
import { SqliteWriter } from './sqlite-writer.ts';
import { ThreadedSqliteLedgerStore } from './threaded-sqlite-ledger-store.ts';

// The wallet mirror as the threaded SQLite ledger uses it, on a real file and a real writer
// thread. The ledger contract (sqlite-writer.test.ts) holds with it; these pin what it adds.

const hour = 3_600_000;

async function withLedger(run: (setup: { ledger: ThreadedSqliteLedgerStore; path: string; db: DatabaseSync }) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-mirror-'));
  const path = join(dir, 'switchyard.sqlite');
  const db = openSqlite(path);
  const writer = new SqliteWriter(path, { main: db });
  try {
    await run({ ledger: new ThreadedSqliteLedgerStore(db, writer), path, db });
  } finally {
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const countReservations = (db: DatabaseSync) => Number((db.prepare(`SELECT COUNT(*) AS n FROM ledger_entries WHERE kind = 'reservation'`).get() as { n: number }).n);

test('a reservation the wallet surely covers is answered before the writer thread has written it; reads still see it', async () => {
  await withLedger(async ({ ledger, db }) => {
    await ledger.credit({ accountId: 'a', amountNanos: 10n, idempotencyKey: 'top-up' });
    const result = await ledger.reserve({ accountId: 'a', amountNanos: 4n, expiresAt: Date.now() + hour });
    assert.ok(result.ok);
    assert.deepEqual(result.wallet, { balanceNanos: 10n, reservedNanos: 4n, availableNanos: 6n });
    assert.equal(countReservations(db), 0, 'not in the file yet: the answer did not wait for the commit');
    assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 10n, reservedNanos: 4n, availableNanos: 6n }, 'a read waits for the account’s writes');
    assert.deepEqual((await ledger.listEntries('a', { limit: 5 }))[0], result.reservation);
  });
});

test('a repeated top-up key adds nothing, and reservations made meanwhile never count on it', async () => {
  await withLedger(async ({ ledger }) => {
    await ledger.credit({ accountId: 'a', amountNanos: 10n, idempotencyKey: 'top-up' });
    const repeat = ledger.credit({ accountId: 'a', amountNanos: 1_000n, idempotencyKey: 'top-up' });
    const results = await Promise.all(Array.from({ length: 40 }, () => ledger.reserve({ accountId: 'a', amountNanos: 1n, expiresAt: Date.now() + hour })));
    assert.equal((await repeat).created, false);
    assert.equal(results.filter((result) => result.ok).length, 10);
    assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 10n, reservedNanos: 10n, availableNanos: 0n });
  });
});

test('holds settled without being awaited free the wallet for the next request, and the money adds up', async () => {
  await withLedger(async ({ ledger, db }) => {
    await ledger.credit({ accountId: 'a', amountNanos: 10n, idempotencyKey: 'top-up' });
    let spent = 0n;
    for (let round = 0; round < 20; round++) {
      const held = await ledger.reserve({ accountId: 'a', amountNanos: 6n, expiresAt: Date.now() + hour });
      assert.ok(held.ok, `round ${round}: the last hold was settled, so 6 of ${10n - spent} is covered`);
      if (round % 2 === 0) void ledger.release(held.reservation.id);
      else if (spent < 4n) {
        spent += 1n;
        void ledger.capture({ reservationId: held.reservation.id, amountNanos: 1n });
      } else void ledger.release(held.reservation.id);
    }
    assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 6n, reservedNanos: 0n, availableNanos: 6n });
    assert.equal(countReservations(db), 20);
  });
});

test('another process writing the file: the first hold it makes uncovered turns the mirror off', async () => {
  await withLedger(async ({ ledger, path }) => {
    await ledger.credit({ accountId: 'a', amountNanos: 10n, idempotencyKey: 'top-up' });
    assert.ok((await ledger.reserve({ accountId: 'a', amountNanos: 1n, expiresAt: Date.now() + hour })).ok);
    await ledger.wallet('a');
    // A second gateway on the same file (unsupported) takes the rest behind the mirror's back.
    const other = openSqlite(path);
    try {
      assert.ok((await new SqliteLedgerStore(other).reserve({ accountId: 'a', amountNanos: 9n, expiresAt: Date.now() + hour })).ok);
    } finally {
      other.close();
    }
    const warned = once(process, 'warning');
    assert.ok((await ledger.reserve({ accountId: 'a', amountNanos: 5n, expiresAt: Date.now() + hour })).ok, 'the mirror still believed 9 were available');
    await ledger.wallet('a'); // a read writes the account's holds first
    const [warning] = (await warned) as [Error & { code?: string }];
    assert.equal(warning.code, 'SWITCHYARD_WALLET_MIRROR');
    const refused = await ledger.reserve({ accountId: 'a', amountNanos: 1n, expiresAt: Date.now() + hour });
    assert.equal(refused.ok, false, 'from then on the ledger decides');
  });
});

test('a hold settled before anything needed it in the file is written together with its settlement', async () => {
  await withLedger(async ({ ledger, db }) => {
    await ledger.credit({ accountId: 'a', amountNanos: 10n, idempotencyKey: 'top-up' });
    const served = await ledger.reserve({ accountId: 'a', amountNanos: 3n, expiresAt: Date.now() + hour, keyId: 'key_1', requestId: 'req_1' });
    const failed = await ledger.reserve({ accountId: 'a', amountNanos: 2n, expiresAt: Date.now() + hour });
    assert.ok(served.ok && failed.ok);
    assert.equal(countReservations(db), 0);
    const captured = await ledger.capture({ reservationId: served.reservation.id, amountNanos: 1n, provider: 'openai', model: 'gpt-4o-mini' });
    assert.equal(captured.created, true);
    assert.deepEqual(captured.wallet, { balanceNanos: 9n, reservedNanos: 0n, availableNanos: 9n }, 'the wallet as the file has it: the other hold is still only in memory');
    assert.equal(captured.entry.keyId, 'key_1', 'the capture names the reservation’s key and request');
    assert.equal(captured.entry.requestId, 'req_1');
    await ledger.release(failed.reservation.id);
    const entries = await ledger.listEntries('a', { limit: 10 });
    assert.deepEqual(entries.map((entry) => entry.kind), ['release', 'reservation', 'capture', 'reservation', 'credit']);
    assert.deepEqual(entries[3], served.reservation);
    assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 9n, reservedNanos: 0n, availableNanos: 9n });
    const active = db.prepare(`SELECT COUNT(*) AS n FROM ledger_entries WHERE hold_state = 'active'`).get() as { n: number };
    assert.equal(Number(active.n), 0);
    assert.deepEqual((await ledger.capture({ reservationId: served.reservation.id, amountNanos: 5n })).entry, captured.entry, 'a second capture returns the first');
  });
});

test('a hold that lapsed before it was written is swept as any lapsed hold, and is no sign of another writer', async () => {
  let time = 1_750_000_000_000;
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-mirror-'));
  const path = join(dir, 'switchyard.sqlite');
  const db = openSqlite(path);
  const writer = new SqliteWriter(path, { main: db, now: () => time });
  const ledger = new ThreadedSqliteLedgerStore(db, writer, { now: () => time });
  let warned = false;
  const onWarning = (warning: Error & { code?: string }) => void (warned ||= warning.code === 'SWITCHYARD_WALLET_MIRROR');
  process.on('warning', onWarning);
  try {
    await ledger.credit({ accountId: 'a', amountNanos: 10n, idempotencyKey: 'top-up' });
    const long = await ledger.reserve({ accountId: 'a', amountNanos: 8n, expiresAt: time + 1000 });
    time += 2000; // the long request outlives its hold
    const next = await ledger.reserve({ accountId: 'a', amountNanos: 9n, expiresAt: time + 1000 });
    assert.ok(long.ok && next.ok, 'the lapsed hold stopped counting');
    await ledger.capture({ reservationId: next.reservation.id, amountNanos: 9n });
    // Only now is the long request's hold written, into a wallet its room was spent from.
    assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 1n, reservedNanos: 8n, availableNanos: -7n }, 'written as held, as any lapsed hold is until the sweep');
    assert.equal(await ledger.releaseExpired(), 1);
    assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 1n, reservedNanos: 0n, availableNanos: 1n });
    assert.equal((await ledger.reserve({ accountId: 'a', amountNanos: 1n, expiresAt: time + 1000 })).ok, true);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(warned, false);
  } finally {
    process.off('warning', onWarning);
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
