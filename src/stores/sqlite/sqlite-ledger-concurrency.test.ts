import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { openSqlite } from './open-sqlite.ts';
import { SqliteLedgerStore } from './sqlite-ledger-store.ts';

const AMOUNT = 1_000_000n;

if (isMainThread) {
  test('four threads, each with its own connection, reserving at once never overdraw the file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'switchyard-ledger-threads-'));
    const path = join(dir, 'switchyard.sqlite');
    const db = openSqlite(path);
    try {
      const ledger = new SqliteLedgerStore(db);
      await ledger.credit({ accountId: 'a', amountNanos: 37n * AMOUNT, idempotencyKey: 'k' });
      const counts = await Promise.all(
        Array.from({ length: 4 }, () => {
          const worker = new Worker(new URL(import.meta.url), { workerData: { path, attempts: 25 } });
          return new Promise<number>((resolve, reject) => {
            worker.once('message', resolve);
            worker.once('error', reject);
          });
        }),
      );
      assert.equal(counts.reduce((sum, count) => sum + count, 0), 37);
      assert.deepEqual(await ledger.wallet('a'), { balanceNanos: 37n * AMOUNT, reservedNanos: 37n * AMOUNT, availableNanos: 0n });
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
} else {
  const { path, attempts } = workerData as { path: string; attempts: number };
  const db = openSqlite(path);
  const ledger = new SqliteLedgerStore(db);
  let accepted = 0;
  for (let i = 0; i < attempts; i++) {
    if ((await ledger.reserve({ accountId: 'a', amountNanos: AMOUNT, expiresAt: Date.now() + 60_000 })).ok) accepted += 1;
  }
  db.close();
  parentPort!.postMessage(accepted);
}
