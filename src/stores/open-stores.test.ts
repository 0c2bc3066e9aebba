import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { openStores, parseDatabaseUrl } from './open-stores.ts';
import { openTestSchema, TEST_DATABASE_URL } from './postgres/test-database.ts';

test('database URLs: default file, sqlite:, file:, plain paths and :memory:', () => {
  assert.deepEqual(parseDatabaseUrl(undefined), { kind: 'sqlite', path: resolve('data/switchyard.sqlite') });
  assert.deepEqual(parseDatabaseUrl(''), { kind: 'sqlite', path: resolve('data/switchyard.sqlite') });
  assert.deepEqual(parseDatabaseUrl('sqlite:/var/lib/sy/db.sqlite'), { kind: 'sqlite', path: '/var/lib/sy/db.sqlite' });
  assert.deepEqual(parseDatabaseUrl('sqlite:///var/lib/sy/db.sqlite'), { kind: 'sqlite', path: '/var/lib/sy/db.sqlite' });
  assert.deepEqual(parseDatabaseUrl('sqlite:./local.sqlite'), { kind: 'sqlite', path: resolve('local.sqlite') });
  assert.deepEqual(parseDatabaseUrl(pathToFileURL('/tmp/a b.sqlite').href), { kind: 'sqlite', path: '/tmp/a b.sqlite' });
  assert.deepEqual(parseDatabaseUrl('file:rel.sqlite'), { kind: 'sqlite', path: resolve('rel.sqlite') });
  assert.deepEqual(parseDatabaseUrl('/abs/db.sqlite'), { kind: 'sqlite', path: '/abs/db.sqlite' });
  assert.deepEqual(parseDatabaseUrl(':memory:'), { kind: 'sqlite', path: ':memory:' });
  assert.deepEqual(parseDatabaseUrl('postgres://u:p@h/db'), { kind: 'postgres', url: 'postgres://u:p@h/db' });
  assert.throws(() => parseDatabaseUrl('mysql://u:p@h/db'), /Unsupported database URL scheme 'mysql:'/);
});

test('a postgres:// URL opens every store on PostgreSQL, migrated, keeping state across restarts', async () => {
  const { schema, close } = await openTestSchema({ migrate: false });
  try {
    const separator = TEST_DATABASE_URL.includes('?') ? '&' : '?';
    const databaseUrl = `${TEST_DATABASE_URL}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    const first = await openStores({ databaseUrl });
    const account = await first.accounts.createAccount({ name: 'Acme' });
    const { secret } = await first.accounts.createKey(account.id, { name: 'ci' });
    await first.ledger.credit({ accountId: account.id, amountNanos: 5n, idempotencyKey: 'k' });
    await first.close();
    await first.close(); // closing twice is harmless

    const second = await openStores({ databaseUrl: databaseUrl.replace(/^postgres:/, 'postgresql:') });
    assert.equal((await second.accounts.authenticate(secret))?.account.id, account.id);
    assert.equal((await second.ledger.wallet(account.id)).balanceNanos, 5n);
    await second.close();
  } finally {
    await close();
  }
});

test('an unreachable PostgreSQL fails with a message that does not leak the password', async () => {
  await assert.rejects(openStores({ databaseUrl: 'postgresql://user:hunter2@127.0.0.1:1/switchyard' }), (error: Error) => {
    assert.match(error.message, /Could not open the PostgreSQL database/);
    assert.ok(!error.message.includes('hunter2'));
    return true;
  });
});

test('stores opened on a SQLite file keep accounts and keys across restarts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'switchyard-open-stores-'));
  try {
    const databaseUrl = `sqlite:${join(dir, 'state', 'switchyard.sqlite')}`;
    const first = await openStores({ databaseUrl });
    const account = await first.accounts.createAccount({ name: 'Acme' });
    const { secret } = await first.accounts.createKey(account.id, { name: 'ci' });
    await first.close();

    const second = await openStores({ databaseUrl });
    assert.equal((await second.accounts.authenticate(secret))?.account.id, account.id);
    await second.close();
    await second.close(); // closing twice is harmless
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test(':memory: stores work and start empty every time', async () => {
  const stores = await openStores({ databaseUrl: ':memory:' });
  await stores.accounts.createAccount({ name: 'Acme' });
  assert.equal((await stores.accounts.listAccounts()).length, 1);
  await stores.close();
  const fresh = await openStores({ databaseUrl: ':memory:' });
  assert.deepEqual(await fresh.accounts.listAccounts(), []);
  await fresh.close();
});
