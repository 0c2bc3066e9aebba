import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import type { AccountStore } from './account-store.ts';

/** One store under test, freshly created and empty. */
export type AccountStoreHarness = {
  store: AccountStore;
  close(): Promise<void>;
  /**
   * Everything the store has persisted, as text: the raw database file(s) for SQLite, a dump of
   * every table for a server database. Used to prove secrets never reach storage.
   */
  dumpStorage(): Promise<string>;
};

/** A clock the contract moves by hand. */
export type ContractClock = { now: () => number };

const SECRET_SHAPE = /^sy-[0-9A-Za-z]{40}$/;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function isGatewayError(status: number, code: string) {
  return (error: unknown) => error instanceof GatewayError && error.status === status && error.code === code;
}

/**
 * The behaviour every `AccountStore` must have. Each implementation's test file calls this with
 * a factory for an empty store; the factory must pass `clock.now` to the store.
 */
export function describeAccountStoreContract(
  name: string,
  makeStore: (clock: ContractClock) => Promise<AccountStoreHarness>,
): void {
  describe(`AccountStore contract: ${name}`, () => {
    let time = 1_750_000_000_000;
    let harness: AccountStoreHarness;
    let store: AccountStore;

    beforeEach(async () => {
      time = 1_750_000_000_000;
      harness = await makeStore({ now: () => time });
      store = harness.store;
    });
    afterEach(async () => {
      await harness.close();
    });

    describe('accounts', () => {
      it('creates an account with an acct_ id, the trimmed name and the clock time, and gets it back', async () => {
        const account = await store.createAccount({ name: '  Acme  ' });
        assert.match(account.id, /^acct_[A-Za-z0-9_-]+$/);
        assert.deepEqual(account, { id: account.id, name: 'Acme', createdAt: time });
        assert.deepEqual(await store.getAccount(account.id), account);
      });

      it('answers undefined for an account that does not exist', async () => {
        assert.equal(await store.getAccount('acct_nope'), undefined);
      });

      it('lists accounts oldest first', async () => {
        const first = await store.createAccount({ name: 'first' });
        time += 1000;
        const second = await store.createAccount({ name: 'second' });
        const third = await store.createAccount({ name: 'third' }); // same millisecond: creation order still holds
        assert.deepEqual(await store.listAccounts(), [first, second, third]);
      });

      it('rejects an empty or missing name with a 400', async () => {
        await assert.rejects(store.createAccount({ name: '   ' }), isGatewayError(400, 'invalid_request'));
        await assert.rejects(store.createAccount({} as { name: string }), isGatewayError(400, 'invalid_request'));
        assert.deepEqual(await store.listAccounts(), []);
      });
    });

    describe('API keys', () => {
      it('creates a key whose secret is shown once, in the sy- format, with a short display prefix', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const { key, secret } = await store.createKey(account.id, { name: 'ci' });
        assert.match(secret, SECRET_SHAPE);
        assert.match(key.id, /^key_[A-Za-z0-9_-]+$/);
        assert.deepEqual(key, { id: key.id, accountId: account.id, name: 'ci', prefix: key.prefix, createdAt: time, revokedAt: null, logBodies: false });
        assert.ok(secret.startsWith(key.prefix), 'the prefix is the start of the secret');
        assert.ok(key.prefix.length <= 10, `prefix '${key.prefix}' must reveal only a few characters`);
      });

      it('refuses to create a key for an account that does not exist', async () => {
        await assert.rejects(store.createKey('acct_nope', { name: 'x' }), isGatewayError(404, 'not_found'));
      });

      it('lists an account’s keys oldest first, never with their secrets or hashes', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const other = await store.createAccount({ name: 'Other' });
        const a = await store.createKey(account.id, { name: 'a' });
        time += 1;
        const b = await store.createKey(account.id, { name: 'b' });
        await store.createKey(other.id, { name: 'foreign' });
        const listed = await store.listKeys(account.id);
        assert.deepEqual(listed, [a.key, b.key]);
        const text = JSON.stringify(listed);
        for (const { secret } of [a, b]) {
          assert.ok(!text.includes(secret.slice(3)), 'no secret in listKeys');
          assert.ok(!text.includes(sha256(secret)), 'no hash in listKeys');
        }
        assert.deepEqual(await store.listKeys('acct_nope'), []);
      });

      it('keeps only a SHA-256 hash at rest: the secret appears nowhere in storage', async () => {
        const account = await store.createAccount({ name: 'Storage Probe Account' });
        const created = await Promise.all([1, 2, 3].map((n) => store.createKey(account.id, { name: `k${n}` })));
        const dump = await harness.dumpStorage();
        assert.ok(dump.includes('Storage Probe Account'), 'the dump really shows stored data');
        for (const { secret } of created) {
          assert.ok(!dump.includes(secret.slice(3)), 'secret body found in storage');
          assert.ok(dump.includes(sha256(secret)), 'its SHA-256 is what is stored');
        }
      });

      it('gives every account and key a distinct id', async () => {
        const accounts = await Promise.all(Array.from({ length: 25 }, (_, i) => store.createAccount({ name: `a${i}` })));
        const keys = await Promise.all(accounts.map((account) => store.createKey(account.id, { name: 'k' })));
        assert.equal(new Set(accounts.map((a) => a.id)).size, accounts.length);
        assert.equal(new Set(keys.map((k) => k.key.id)).size, keys.length);
        assert.equal(new Set(keys.map((k) => k.secret)).size, keys.length);
      });
    });

    describe('authenticate', () => {
      it('returns the account and key for a valid secret', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const { key, secret } = await store.createKey(account.id, { name: 'ci' });
        assert.deepEqual(await store.authenticate(secret), { account, key });
      });

      it('rejects a wrong, altered or malformed secret', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const { secret } = await store.createKey(account.id, { name: 'ci' });
        const altered = secret.slice(0, -1) + (secret.endsWith('a') ? 'b' : 'a');
        const wrong = 'sy-' + 'A'.repeat(40);
        for (const attempt of [altered, wrong, '', 'sy-', secret + 'x', ` ${secret}`, `Bearer ${secret}`, secret.slice(3)]) {
          assert.equal(await store.authenticate(attempt), undefined, `'${attempt}' must not authenticate`);
        }
      });

      it('rejects a revoked key while the account’s other keys keep working', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const revoked = await store.createKey(account.id, { name: 'old' });
        const kept = await store.createKey(account.id, { name: 'new' });
        time += 5000;
        assert.equal(await store.revokeKey(account.id, revoked.key.id), true);
        assert.equal(await store.authenticate(revoked.secret), undefined);
        assert.equal((await store.authenticate(kept.secret))?.key.id, kept.key.id);
        const listed = await store.listKeys(account.id);
        assert.deepEqual(
          listed.map((k) => [k.id, k.revokedAt]),
          [
            [revoked.key.id, time],
            [kept.key.id, null],
          ],
        );
      });
    });

    describe('updateKey (body logging)', () => {
      it('creates a key with body logging off unless asked, on when asked', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const plain = await store.createKey(account.id, { name: 'plain' });
        const logged = await store.createKey(account.id, { name: 'logged', logBodies: true });
        assert.equal(plain.key.logBodies, false);
        assert.equal(logged.key.logBodies, true);
        assert.deepEqual(await store.listKeys(account.id), [plain.key, logged.key]);
        assert.equal((await store.authenticate(logged.secret))?.key.logBodies, true);
      });

      it('switches body logging on and off; listing and authentication see the change at once', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const { key, secret } = await store.createKey(account.id, { name: 'k' });
        assert.equal((await store.authenticate(secret))?.key.logBodies, false, 'looked up (and perhaps remembered) before the change');
        assert.deepEqual(await store.updateKey(account.id, key.id, { logBodies: true }), { ...key, logBodies: true });
        assert.equal((await store.listKeys(account.id))[0].logBodies, true);
        assert.equal((await store.authenticate(secret))?.key.logBodies, true);
        assert.deepEqual(await store.updateKey(account.id, key.id, {}), { ...key, logBodies: true }, 'an empty change keeps the settings');
        assert.deepEqual(await store.updateKey(account.id, key.id, { logBodies: false }), key);
        assert.equal((await store.authenticate(secret))?.key.logBodies, false);
      });

      it('answers undefined for an unknown key and for another account’s key, changing nothing', async () => {
        const owner = await store.createAccount({ name: 'Owner' });
        const intruder = await store.createAccount({ name: 'Intruder' });
        const { key } = await store.createKey(owner.id, { name: 'k' });
        assert.equal(await store.updateKey(owner.id, 'key_nope', { logBodies: true }), undefined);
        assert.equal(await store.updateKey(intruder.id, key.id, { logBodies: true }), undefined);
        assert.equal((await store.listKeys(owner.id))[0].logBodies, false);
      });
    });

    describe('revokeKey', () => {
      it('will not revoke another account’s key', async () => {
        const owner = await store.createAccount({ name: 'Owner' });
        const intruder = await store.createAccount({ name: 'Intruder' });
        const { key, secret } = await store.createKey(owner.id, { name: 'k' });
        assert.equal(await store.revokeKey(intruder.id, key.id), false);
        assert.equal((await store.authenticate(secret))?.account.id, owner.id);
        assert.equal((await store.listKeys(owner.id))[0].revokedAt, null);
      });

      it('answers false for an unknown key and for a key already revoked', async () => {
        const account = await store.createAccount({ name: 'Acme' });
        const { key } = await store.createKey(account.id, { name: 'k' });
        assert.equal(await store.revokeKey(account.id, 'key_nope'), false);
        assert.equal(await store.revokeKey(account.id, key.id), true);
        const revokedAt = time;
        time += 1000;
        assert.equal(await store.revokeKey(account.id, key.id), false);
        assert.equal((await store.listKeys(account.id))[0].revokedAt, revokedAt, 'a second revoke keeps the first time');
      });
    });
  });
}
