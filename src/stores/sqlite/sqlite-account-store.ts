import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { randomId } from '../../core/ids.ts';
import {
  accountNotFound,
  normalizeName,
  type Account,
  type AccountStore,
  type AccountStoreOptions,
  type ApiKeyChanges,
  type ApiKeyRecord,
  type Authenticated,
  type CreatedApiKey,
} from '../account-store.ts';
import { accountFromRow, authAccountFromRow, keyFromRow, KEY_COLUMNS, type AccountRow, type AuthRow, type KeyRow } from '../account-row.ts';
import { displayPrefix, generateSecret, hashesEqual, hashSecret, isWellFormedSecret } from '../api-key-secret.ts';


/**
 * Accounts and API keys in SQLite. Expects a database opened by `openSqlite` (migrated);
 * statements are prepared once here and reused. node:sqlite is synchronous: the async
 * methods exist to share the `AccountStore` interface with networked databases.
 */
export class SqliteAccountStore implements AccountStore {
  readonly #now: () => number;
  readonly #insertAccount: StatementSync;
  readonly #selectAccount: StatementSync;
  readonly #selectAccounts: StatementSync;
  readonly #insertKey: StatementSync;
  readonly #selectKeys: StatementSync;
  readonly #revokeKey: StatementSync;
  readonly #setLogBodies: StatementSync;
  readonly #selectKey: StatementSync;
  readonly #selectByHash: StatementSync;

  constructor(db: DatabaseSync, options: AccountStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
    this.#insertAccount = db.prepare('INSERT INTO accounts (id, name, created_at) VALUES (?, ?, ?)');
    this.#selectAccount = db.prepare('SELECT id, name, created_at FROM accounts WHERE id = ?');
    this.#selectAccounts = db.prepare('SELECT id, name, created_at FROM accounts ORDER BY created_at, rowid');
    this.#insertKey = db.prepare(
      'INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, created_at, log_bodies) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.#selectKeys = db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.account_id = ? ORDER BY k.created_at, k.rowid`);
    this.#revokeKey = db.prepare('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND account_id = ? AND revoked_at IS NULL');
    this.#setLogBodies = db.prepare('UPDATE api_keys SET log_bodies = ? WHERE id = ? AND account_id = ?');
    this.#selectKey = db.prepare(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.id = ? AND k.account_id = ?`);
    this.#selectByHash = db.prepare(
      `SELECT ${KEY_COLUMNS}, k.secret_hash, a.name AS account_name, a.created_at AS account_created_at
       FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.secret_hash = ?`,
    );
  }

  async createAccount(input: { name: string }): Promise<Account> {
    const account: Account = { id: randomId('acct_'), name: normalizeName(input.name, 'name'), createdAt: this.#now() };
    this.#insertAccount.run(account.id, account.name, account.createdAt);
    return account;
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const row = this.#selectAccount.get(id) as AccountRow | undefined;
    return row && accountFromRow(row);
  }

  async listAccounts(): Promise<Account[]> {
    return (this.#selectAccounts.all() as AccountRow[]).map(accountFromRow);
  }

  async createKey(accountId: string, input: { name: string; logBodies?: boolean }): Promise<CreatedApiKey> {
    const name = normalizeName(input.name, 'name');
    if (this.#selectAccount.get(accountId) === undefined) throw accountNotFound(accountId);
    const secret = generateSecret();
    const key: ApiKeyRecord = {
      id: randomId('key_'),
      accountId,
      name,
      prefix: displayPrefix(secret),
      createdAt: this.#now(),
      revokedAt: null,
      logBodies: input.logBodies === true,
    };
    this.#insertKey.run(key.id, accountId, name, key.prefix, hashSecret(secret), key.createdAt, key.logBodies ? 1 : 0);
    return { key, secret };
  }

  async listKeys(accountId: string): Promise<ApiKeyRecord[]> {
    return (this.#selectKeys.all(accountId) as KeyRow[]).map(keyFromRow);
  }

  async updateKey(accountId: string, keyId: string, changes: ApiKeyChanges): Promise<ApiKeyRecord | undefined> {
    if (changes.logBodies !== undefined) this.#setLogBodies.run(changes.logBodies ? 1 : 0, keyId, accountId);
    const row = this.#selectKey.get(keyId, accountId) as KeyRow | undefined;
    return row && keyFromRow(row);
  }

  async revokeKey(accountId: string, keyId: string): Promise<boolean> {
    return Number(this.#revokeKey.run(this.#now(), keyId, accountId).changes) === 1;
  }

  async authenticate(secret: string): Promise<Authenticated | undefined> {
    if (typeof secret !== 'string' || !isWellFormedSecret(secret)) return undefined;
    const hash = hashSecret(secret);
    const row = this.#selectByHash.get(hash) as AuthRow | undefined;
    // The index lookup finds the row; the constant-time compare is what decides.
    if (!row || !hashesEqual(row.secret_hash, hash) || row.revoked_at !== null) return undefined;
    return { account: authAccountFromRow(row), key: keyFromRow(row) };
  }
}
