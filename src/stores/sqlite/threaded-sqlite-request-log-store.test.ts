import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRequestLogStoreContract } from '../request-log-store.contract.ts';
import { RequestLogger } from '../../observability/request-logger.ts';
import { makeLogEntry } from '../../observability/testing/make-log-entry.ts';
import { openSqlite } from './open-sqlite.ts';
import { ThreadedSqliteRequestLogStore } from './threaded-sqlite-request-log-store.ts';

describeRequestLogStoreContract('SQLite, writes on a worker thread', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-threaded-request-logs-'));
  const path = join(dir, 'switchyard.sqlite');
  const db = openSqlite(path);
  const store = new ThreadedSqliteRequestLogStore(db, path);
  return {
    store,
    async close() {
      await store.close();
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

test('RequestLogger over the worker: 1,000 enqueued, close() of both, 1,000 on disk after reopening', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-threaded-request-logs-'));
  try {
    const path = join(dir, 'switchyard.sqlite');
    const db = openSqlite(path);
    const store = new ThreadedSqliteRequestLogStore(db, path);
    const logger = new RequestLogger(store, { flushIntervalMs: 60_000, maxBatch: 100 });
    for (let i = 0; i < 1000; i++) logger.enqueue(makeLogEntry({ time: Date.UTC(2025, 5, 1) + i }));
    await logger.close();
    await store.close();
    db.close();

    const reopened = openSqlite(path);
    assert.equal(reopened.prepare('SELECT COUNT(*) AS n FROM request_logs').get()?.n, 1000);
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('after close() the worker is gone and appends go through the main connection', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-threaded-request-logs-'));
  try {
    const path = join(dir, 'switchyard.sqlite');
    const db = openSqlite(path);
    const store = new ThreadedSqliteRequestLogStore(db, path);
    await store.close();
    const entry = makeLogEntry();
    await store.append([entry]);
    assert.equal((await store.get(entry.id, null))?.id, entry.id);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
