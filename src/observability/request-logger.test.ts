import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IN_MEMORY, openSqlite } from '../stores/sqlite/open-sqlite.ts';
import { SqliteRequestLogStore } from '../stores/sqlite/sqlite-request-log-store.ts';
import type { RequestLogStore } from '../stores/request-log-store.ts';
import type { RequestLogEntry } from './request-log-entry.ts';
import { RequestLogger } from './request-logger.ts';
import { makeLogEntry } from './testing/make-log-entry.ts';

const allAccounts = { accountId: null, groupBy: null, from: null, to: null, interval: null, filters: [] };

/** A real SQLite store that also records the size of every batch it was handed. */
function recordingStore(path = IN_MEMORY) {
  const db = openSqlite(path);
  const inner = new SqliteRequestLogStore(db);
  const batches: number[] = [];
  const store: RequestLogStore = {
    append: async (entries) => {
      batches.push(entries.length);
      await inner.append(entries);
    },
    get: (id, accountId) => inner.get(id, accountId),
    queryUsage: (query) => inner.queryUsage(query),
    list: (query) => inner.list(query),
    deleteOlderThan: (time) => inner.deleteOlderThan(time),
  };
  return { store, inner, db, batches };
}

test('enqueue returns at once; nothing is written until the interval passes', async () => {
  const { store, inner, db, batches } = recordingStore();
  const logger = new RequestLogger(store, { flushIntervalMs: 30, maxBatch: 100 });
  const entries = [makeLogEntry(), makeLogEntry(), makeLogEntry()];
  for (const entry of entries) logger.enqueue(entry);
  assert.deepEqual(batches, []);
  assert.equal(logger.pending, 3);
  await new Promise((resolve) => setTimeout(resolve, 80));
  assert.deepEqual(batches, [3], 'one transaction for the three');
  assert.equal((await inner.queryUsage(allAccounts)).total.requests, 3);
  await logger.close();
  db.close();
});

test('a full batch is written without waiting for the timer, in transactions of at most maxBatch', async () => {
  const { store, db, batches } = recordingStore();
  const logger = new RequestLogger(store, { flushIntervalMs: 60_000, maxBatch: 10 });
  for (let i = 0; i < 25; i++) logger.enqueue(makeLogEntry());
  await logger.flush();
  assert.deepEqual(batches, [10, 10, 5]);
  await logger.close();
  db.close();
});

test('close() writes every queued entry: 1,000 enqueued, 1,000 on disk after reopening the file', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-request-logger-'));
  try {
    const path = join(dir, 'switchyard.sqlite');
    const { store, db } = recordingStore(path);
    const logger = new RequestLogger(store, { flushIntervalMs: 60_000, maxBatch: 128 });
    const ids: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const entry = makeLogEntry({ time: Date.UTC(2025, 5, 1) + i });
      ids.push(entry.id);
      logger.enqueue(entry);
    }
    await logger.close();
    assert.equal(logger.pending, 0);
    db.close();

    const reopened = openSqlite(path);
    const count = reopened.prepare('SELECT COUNT(*) AS n FROM request_logs').get()?.n;
    assert.equal(count, 1000);
    const stored = new Set(reopened.prepare('SELECT id FROM request_logs').all().map((row) => row.id));
    assert.ok(ids.every((id) => stored.has(id)));
    reopened.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a queued entry can be read by id before it is written, by its own account only', async () => {
  const { store, db } = recordingStore();
  const logger = new RequestLogger(store, { flushIntervalMs: 60_000 });
  const entry = makeLogEntry({ accountId: 'acct_a' });
  logger.enqueue(entry);
  assert.equal((await logger.get(entry.id, 'acct_a'))?.id, entry.id);
  assert.equal(await logger.get(entry.id, 'acct_b'), undefined);
  assert.equal((await logger.get(entry.id, null))?.id, entry.id);
  // Usage includes what is still queued.
  assert.equal((await logger.queryUsage({ ...allAccounts, accountId: 'acct_a' })).total.requests, 1);
  await logger.close();
  db.close();
});

test('a failed write keeps its entries for the next flush, in order; nothing is lost', async () => {
  const { inner, db } = recordingStore();
  let failNext = true;
  const errors: unknown[] = [];
  const written: RequestLogEntry[] = [];
  const flaky: RequestLogStore = {
    append: async (entries) => {
      if (failNext) {
        failNext = false;
        throw new Error('database is locked');
      }
      written.push(...entries);
      await inner.append(entries);
    },
    get: (id, accountId) => inner.get(id, accountId),
    queryUsage: (query) => inner.queryUsage(query),
    list: (query) => inner.list(query),
    deleteOlderThan: (time) => inner.deleteOlderThan(time),
  };
  const logger = new RequestLogger(flaky, { flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
  const entries = [makeLogEntry(), makeLogEntry()];
  for (const entry of entries) logger.enqueue(entry);
  await logger.flush();
  assert.equal(errors.length, 1);
  assert.equal(logger.pending, 2);
  logger.enqueue(makeLogEntry());
  await logger.close();
  assert.equal(written.length, 3);
  assert.deepEqual(written.slice(0, 2).map((e) => e.id), entries.map((e) => e.id));
  db.close();
});

test('a queue over its bound drops the oldest entries and says so', async () => {
  const { db } = recordingStore();
  const errors: unknown[] = [];
  const down: RequestLogStore = {
    append: async () => {
      throw new Error('disk full');
    },
    get: async () => undefined,
    queryUsage: async () => ({ rows: [], total: { requests: 0, inputTokens: 0, outputTokens: 0, cachedReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costNanos: 0, unpricedRequests: 0, errors: 0 } }),
    list: async () => [],
    deleteOlderThan: async () => 0,
  };
  const logger = new RequestLogger(down, { flushIntervalMs: 60_000, maxBatch: 1000, maxQueue: 5, onError: (error) => errors.push(error) });
  for (let i = 0; i < 7; i++) logger.enqueue(makeLogEntry());
  assert.equal(logger.dropped, 2);
  assert.equal(logger.pending, 5);
  assert.equal(errors.filter((error) => /Request log queue full: dropped 1 entries/.test(String(error))).length, 2);
  db.close();
});
