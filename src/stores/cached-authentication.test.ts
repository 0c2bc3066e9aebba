import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeAccountStoreContract } from './account-store.contract.ts';
import { cacheAuthentication } from './cached-authentication.ts';
import { IN_MEMORY, openSqlite } from './sqlite/open-sqlite.ts';
import { SqliteAccountStore } from './sqlite/sqlite-account-store.ts';

// Wrapped, the store still keeps every promise of the contract (revocation included).
describeAccountStoreContract('SQLite behind the authentication cache', async ({ now }) => {
  const db = openSqlite(IN_MEMORY);
  return {
    store: cacheAuthentication(new SqliteAccountStore(db, { now }), { now }),
    async close() {
      db.close();
    },
    async dumpStorage() {
      return JSON.stringify([db.prepare('SELECT * FROM accounts').all(), db.prepare('SELECT * FROM api_keys').all()]);
    },
  };
});

describe('cacheAuthentication', () => {
  async function setUp() {
    let time = 1_750_000_000_000;
    const db = openSqlite(IN_MEMORY);
    const store = cacheAuthentication(new SqliteAccountStore(db, { now: () => time }), { ttlMs: 5_000, now: () => time });
    const account = await store.createAccount({ name: 'Acme' });
    const { key, secret } = await store.createKey(account.id, { name: 'agent' });
    // What another instance's revocation looks like from here: the row changes under the cache.
    const revokeElsewhere = () => db.prepare('UPDATE api_keys SET revoked_at = 1 WHERE id = ?').run(key.id);
    return { store, account, key, secret, revokeElsewhere, advance: (ms: number) => (time += ms), close: () => db.close() };
  }

  it('keeps answering for a key revoked on another instance until the TTL passes, then refuses it', async () => {
    const { store, key, secret, revokeElsewhere, advance, close } = await setUp();
    assert.equal((await store.authenticate(secret))?.key.id, key.id);
    revokeElsewhere();
    advance(4_999);
    assert.equal((await store.authenticate(secret))?.key.id, key.id, 'within the TTL the remembered answer stands');
    advance(1);
    assert.equal(await store.authenticate(secret), undefined);
    close();
  });

  it('refuses a key revoked through this instance at once', async () => {
    const { store, account, key, secret, close } = await setUp();
    assert.ok(await store.authenticate(secret));
    assert.equal(await store.revokeKey(account.id, key.id), true);
    assert.equal(await store.authenticate(secret), undefined);
    close();
  });

  it('never remembers a failed lookup: a key created after a miss works at once', async () => {
    const { store, account, close } = await setUp();
    const early = 'sy-' + 'A'.repeat(40);
    assert.equal(await store.authenticate(early), undefined);
    const { secret } = await store.createKey(account.id, { name: 'later' });
    assert.ok(await store.authenticate(secret));
    close();
  });
});
