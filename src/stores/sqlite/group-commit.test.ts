import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { GroupCommit } from './group-commit.ts';

/** Two connections on one WAL file: the second sees only what the first committed. */
function twoConnections() {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-group-commit-'));
  const path = join(dir, 'db.sqlite');
  const writer = new DatabaseSync(path);
  writer.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER NOT NULL UNIQUE)');
  const reader = new DatabaseSync(path);
  const committed = () => reader.prepare('SELECT n FROM t ORDER BY n').all().map((row) => row.n);
  return {
    writer,
    committed,
    close() {
      writer.close();
      reader.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('units queued in one event-loop turn commit together, each resolving with its result once committed', async () => {
  const { writer, committed, close } = twoConnections();
  const group = new GroupCommit(writer);
  const insert = writer.prepare('INSERT INTO t (n) VALUES (?)');
  const results = [1, 2, 3].map((n) => group.run(() => Number(insert.run(n).lastInsertRowid)));
  assert.deepEqual(committed(), [], 'nothing is written before the turn ends');
  assert.deepEqual(await Promise.all(results), [1, 2, 3]);
  assert.deepEqual(committed(), [1, 2, 3]);
  close();
});

test('a unit that throws is refused alone: its writes are undone, the others are kept', async () => {
  const { writer, committed, close } = twoConnections();
  const group = new GroupCommit(writer);
  const insert = writer.prepare('INSERT INTO t (n) VALUES (?)');
  const before = group.run(() => insert.run(1));
  const failing = group.run(() => {
    insert.run(2);
    throw new Error('refused after a write');
  });
  const duplicate = group.run(() => insert.run(1));
  const after = group.run(() => insert.run(3));
  const settled = await Promise.allSettled([before, failing, duplicate, after]);
  assert.deepEqual(settled.map((outcome) => outcome.status), ['fulfilled', 'rejected', 'rejected', 'fulfilled']);
  assert.match(String((settled[2] as PromiseRejectedResult).reason), /UNIQUE/);
  assert.deepEqual(committed(), [1, 3]);
  close();
});

test('a unit queued by another one\'s result goes into the next transaction, in order', async () => {
  const { writer, committed, close } = twoConnections();
  const group = new GroupCommit(writer);
  const insert = writer.prepare('INSERT INTO t (n) VALUES (?)');
  await group.run(() => insert.run(1)).then(() => group.run(() => insert.run(2)));
  assert.deepEqual(committed(), [1, 2]);
  close();
});
