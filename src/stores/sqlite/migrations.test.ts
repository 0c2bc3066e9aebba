import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { migrate, sqliteMigrations, type Migration } from './migrations.ts';
import { openSqlite } from './open-sqlite.ts';

function withTempDir(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-migrations-'));
  try {
    run(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('opening the same file twice applies each migration once and keeps the data', () => {
  withTempDir((dir) => {
    const path = join(dir, 'nested', 'folder', 'switchyard.sqlite');
    const first = openSqlite(path);
    assert.ok(existsSync(path), 'the parent folders are created');
    const appliedFirst = first.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all();
    assert.deepEqual(
      appliedFirst.map((row) => row.version),
      sqliteMigrations.map((m) => m.version),
    );
    first.prepare("INSERT INTO accounts (id, name, created_at) VALUES ('acct_1', 'kept', 1)").run();
    first.close();

    const second = openSqlite(path);
    assert.deepEqual(second.prepare('SELECT version, applied_at FROM schema_migrations ORDER BY version').all(), appliedFirst);
    assert.deepEqual({ ...second.prepare('SELECT name FROM accounts').get() }, { name: 'kept' });
    second.close();
  });
});

test('migrate reports what it applied: everything the first time, nothing after', () => {
  const db = new DatabaseSync(':memory:');
  assert.deepEqual(migrate(db), sqliteMigrations.map((m) => m.version));
  assert.deepEqual(migrate(db), []);
  db.close();
});

test('a failing migration rolls back entirely and is not recorded', () => {
  const db = new DatabaseSync(':memory:');
  const broken: Migration[] = [
    { version: 1, name: 'fine', sql: 'CREATE TABLE a (x INTEGER)' },
    { version: 2, name: 'half-broken', sql: 'CREATE TABLE b (x INTEGER); INSERT INTO missing VALUES (1);' },
  ];
  assert.throws(() => migrate(db, broken), /SQLite migration 2 \(half-broken\) failed: no such table: missing/);
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
  assert.deepEqual(tables, ['a', 'schema_migrations']);
  assert.deepEqual(db.prepare('SELECT version FROM schema_migrations').all().map((r) => r.version), [1]);
  db.close();
});

test('a file database runs in WAL mode with foreign keys enforced', () => {
  withTempDir((dir) => {
    const db = openSqlite(join(dir, 'x.sqlite'));
    assert.equal(db.prepare('PRAGMA journal_mode').get()?.journal_mode, 'wal');
    assert.equal(db.prepare('PRAGMA foreign_keys').get()?.foreign_keys, 1);
    assert.throws(
      () => db.prepare("INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, created_at) VALUES ('k', 'acct_none', 'n', 'p', 'h', 1)").run(),
      /FOREIGN KEY constraint failed/,
    );
    db.close();
  });
});
