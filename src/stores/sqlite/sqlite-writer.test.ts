import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { GatewayError } from '../../core/errors.ts';
import { describeRequestLogStoreContract } from '../request-log-store.contract.ts';
import { describeLedgerStoreContract } from '../ledger-store.contract.ts';
import { describeKeyLimitsStoreContract } from '../key-limits-store.contract.ts';
import { describeStreamStoreContract } from '../stream-store.contract.ts';
import { RequestLogger } from '../../observability/request-logger.ts';
import { makeLogEntry } from '../../observability/testing/make-log-entry.ts';
import { BACKGROUND_CHECKPOINT_BOUND, openSqlite } from './open-sqlite.ts';
import { SqliteWriter } from './sqlite-writer.ts';
import { ThreadedSqliteRequestLogStore } from './threaded-sqlite-request-log-store.ts';
import { ThreadedSqliteLedgerStore } from './threaded-sqlite-ledger-store.ts';
import { ThreadedSqliteKeyLimitsStore } from './threaded-sqlite-key-limits-store.ts';
import { ThreadedSqliteStreamStore } from './threaded-sqlite-stream-store.ts';

/** A database file, its main connection and a writer thread on it. */
async function withWriter<T>(run: (setup: { path: string; db: DatabaseSync; writer: SqliteWriter }) => Promise<T>, options: { now?: () => number } = {}): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-writer-'));
  const path = join(dir, 'switchyard.sqlite');
  const db = openSqlite(path);
  const writer = new SqliteWriter(path, { ...options, main: db });
  try {
    return await run({ path, db, writer });
  } finally {
    await writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A harness for the contract suites: the store stays open until the suite closes it. */
function harness<S>(make: (db: DatabaseSync, writer: SqliteWriter) => S, options: { now?: () => number } = {}): { store: S; close(): Promise<void> } {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-writer-'));
  const path = join(dir, 'switchyard.sqlite');
  const db = openSqlite(path);
  const writer = new SqliteWriter(path, { ...options, main: db });
  return {
    store: make(db, writer),
    async close() {
      await writer.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describeLedgerStoreContract('SQLite, writes on the writer thread', async ({ now }) => harness((db, writer) => new ThreadedSqliteLedgerStore(db, writer, { now }), { now }));
describeKeyLimitsStoreContract('SQLite, spend on the writer thread', async () => harness((db, writer) => new ThreadedSqliteKeyLimitsStore(db, writer)));
describeStreamStoreContract('SQLite, saves on the writer thread', async ({ now }) => harness((db, writer) => new ThreadedSqliteStreamStore(db, writer, { now }), { now }));
describeRequestLogStoreContract('SQLite, appends on the writer thread', async () => harness((db, writer) => new ThreadedSqliteRequestLogStore(db, writer)));

test('a GatewayError thrown on the writer thread arrives as one, status and code intact', async () => {
  await withWriter(async ({ db, writer }) => {
    const ledger = new ThreadedSqliteLedgerStore(db, writer);
    const error = await ledger.capture({ reservationId: 'le_missing', amountNanos: 1n }).catch((caught: unknown) => caught);
    assert.ok(error instanceof GatewayError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'not_found');
  });
});

test('reserves made in one turn are committed together and never overdraw', async () => {
  await withWriter(async ({ db, writer }) => {
    const ledger = new ThreadedSqliteLedgerStore(db, writer);
    await ledger.credit({ accountId: 'a', amountNanos: 10n, idempotencyKey: 'top-up' });
    const results = await Promise.all(Array.from({ length: 25 }, () => ledger.reserve({ accountId: 'a', amountNanos: 1n, expiresAt: Date.now() + 60_000 })));
    assert.equal(results.filter((result) => result.ok).length, 10);
    // Read on the main connection, after the writer's commit.
    assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 10n, reservedNanos: 10n, availableNanos: 0n });
  });
});

test('RequestLogger over the writer: 1,000 enqueued, close() of both, 1,000 on disk after reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-writer-'));
  try {
    const path = join(dir, 'switchyard.sqlite');
    const db = openSqlite(path);
    const writer = new SqliteWriter(path);
    const logger = new RequestLogger(new ThreadedSqliteRequestLogStore(db, writer), { flushIntervalMs: 60_000, maxBatch: 100 });
    for (let i = 0; i < 1000; i++) logger.enqueue(makeLogEntry({ time: Date.UTC(2025, 5, 1) + i }));
    await logger.close();
    await writer.close();
    db.close();

    const reopened = openSqlite(path);
    assert.equal(reopened.prepare('SELECT COUNT(*) AS n FROM request_logs').get()?.n, 1000);
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('once the writer thread is gone, calls run on the main thread against the same file', async () => {
  await withWriter(async ({ db, writer }) => {
    const ledger = new ThreadedSqliteLedgerStore(db, writer);
    const logs = new ThreadedSqliteRequestLogStore(db, writer);
    await writer.close();
    await ledger.credit({ accountId: 'a', amountNanos: 5n, idempotencyKey: 'after-close' });
    const entry = makeLogEntry();
    await logs.append([entry]);
    assert.equal((await ledger.wallet('a')).balanceNanos, 5n);
    assert.equal((await logs.get(entry.id, null))?.id, entry.id);
  });
});

test('the WAL is copied back by the checkpoint thread between bursts, not by commits', async () => {
  await withWriter(async ({ path, db, writer }) => {
    const logs = new ThreadedSqliteRequestLogStore(db, writer);
    const autocheckpoint = db.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number };
    assert.equal(autocheckpoint.wal_autocheckpoint, BACKGROUND_CHECKPOINT_BOUND);
    // Five bursts of ~15 MB of pages (under the commits' own 32 MB bound), with pauses: the
    // thread copies each burst back and the log restarts, so it never holds two.
    const padding = 'x'.repeat(2000);
    for (let burst = 0; burst < 5; burst++) {
      for (let batch = 0; batch < 10; batch++) await logs.append(Array.from({ length: 100 }, () => makeLogEntry({ metadata: { padding } })));
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const walBytes = statSync(`${path}-wal`).size;
    assert.ok(walBytes < 24 * 1024 ** 2, `the WAL grew to ${walBytes} bytes`);
    assert.equal((db.prepare('SELECT COUNT(*) AS n FROM request_logs').get() as { n: number }).n, 5000);
  });
});
