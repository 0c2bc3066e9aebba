import type pg from 'pg';
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


/** Accounts and API keys in PostgreSQL, on a pool opened by `openPostgres` (migrated, BIGINT as bigint). */
export class PostgresAccountStore implements AccountStore {
  readonly #pool: pg.Pool;
  readonly #now: () => number;

  constructor(pool: pg.Pool, options: AccountStoreOptions = {}) {
    this.#pool = pool;
    this.#now = options.now ?? Date.now;
  }

  async createAccount(input: { name: string }): Promise<Account> {
    const account: Account = { id: randomId('acct_'), name: normalizeName(input.name, 'name'), createdAt: this.#now() };
    await this.#pool.query('INSERT INTO accounts (id, name, created_at) VALUES ($1, $2, $3)', [account.id, account.name, account.createdAt]);
    return account;
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const { rows } = await this.#pool.query<AccountRow>('SELECT id, name, created_at FROM accounts WHERE id = $1', [id]);
    return rows[0] && accountFromRow(rows[0]);
  }

  async listAccounts(): Promise<Account[]> {
    const { rows } = await this.#pool.query<AccountRow>('SELECT id, name, created_at FROM accounts ORDER BY created_at, seq');
    return rows.map(accountFromRow);
  }

  async createKey(accountId: string, input: { name: string; logBodies?: boolean }): Promise<CreatedApiKey> {
    const name = normalizeName(input.name, 'name');
    const secret = generateSecret();
    const key: ApiKeyRecord = { id: randomId('key_'), accountId, name, prefix: displayPrefix(secret), createdAt: this.#now(), revokedAt: null, logBodies: input.logBodies === true };
    // One statement: the key is inserted only if the account exists, with no window between check and insert.
    const { rowCount } = await this.#pool.query(
      `INSERT INTO api_keys (id, account_id, name, prefix, secret_hash, created_at, log_bodies)
       SELECT $1, id, $3, $4, $5, $6, $7 FROM accounts WHERE id = $2`,
      [key.id, accountId, name, key.prefix, hashSecret(secret), key.createdAt, key.logBodies],
    );
    if (rowCount !== 1) throw accountNotFound(accountId);
    return { key, secret };
  }

  async listKeys(accountId: string): Promise<ApiKeyRecord[]> {
    const { rows } = await this.#pool.query<KeyRow>(`SELECT ${KEY_COLUMNS} FROM api_keys k WHERE k.account_id = $1 ORDER BY k.created_at, k.seq`, [accountId]);
    return rows.map(keyFromRow);
  }

  async updateKey(accountId: string, keyId: string, changes: ApiKeyChanges): Promise<ApiKeyRecord | undefined> {
    // COALESCE keeps a setting the change leaves out; RETURNING reads the key back in the same statement.
    const { rows } = await this.#pool.query<KeyRow>(
      `UPDATE api_keys k SET log_bodies = COALESCE($3, k.log_bodies) WHERE k.id = $1 AND k.account_id = $2 RETURNING ${KEY_COLUMNS}`,
      [keyId, accountId, changes.logBodies ?? null],
    );
    return rows[0] && keyFromRow(rows[0]);
  }

  async revokeKey(accountId: string, keyId: string): Promise<boolean> {
    const { rowCount } = await this.#pool.query('UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND account_id = $3 AND revoked_at IS NULL', [
      this.#now(),
      keyId,
      accountId,
    ]);
    return rowCount === 1;
  }

  async authenticate(secret: string): Promise<Authenticated | undefined> {
    if (typeof secret !== 'string' || !isWellFormedSecret(secret)) return undefined;
    const hash = hashSecret(secret);
    const { rows } = await this.#pool.query<AuthRow>(
      `SELECT ${KEY_COLUMNS}, k.secret_hash, a.name AS account_name, a.created_at AS account_created_at
       FROM api_keys k JOIN accounts a ON a.id = k.account_id WHERE k.secret_hash = $1`,
      [hash],
    );
    const row = rows[0];
    // The index lookup finds the row; the constant-time compare is what decides.
    if (!row || !hashesEqual(row.secret_hash, hash) || row.revoked_at !== null) return undefined;
    return { account: authAccountFromRow(row), key: keyFromRow(row) };
  }
}
