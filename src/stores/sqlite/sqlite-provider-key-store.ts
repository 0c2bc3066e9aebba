import type { DatabaseSync, StatementSync } from 'node:sqlite';
import type { ByokPreference, ProviderKeyRecord, ProviderKeyStore } from '../provider-key-store.ts';
import { providerKeyFromRow, providerKeyValues, type ProviderKeyRow } from '../provider-key-row.ts';


/** Accounts' own provider keys in SQLite, sealed (the plaintext never reaches this class). */
export class SqliteProviderKeyStore implements ProviderKeyStore {
  readonly #upsert: StatementSync;
  readonly #select: StatementSync;
  readonly #list: StatementSync;
  readonly #delete: StatementSync;
  readonly #selectPreference: StatementSync;
  readonly #upsertPreference: StatementSync;

  constructor(db: DatabaseSync) {
    this.#upsert = db.prepare(
      `INSERT INTO provider_keys (account_id, provider, sealed_key, base_url, last4, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account_id, provider) DO UPDATE SET sealed_key = excluded.sealed_key, base_url = excluded.base_url,
         last4 = excluded.last4, updated_at = excluded.updated_at`,
    );
    this.#select = db.prepare('SELECT * FROM provider_keys WHERE account_id = ? AND provider = ?');
    this.#list = db.prepare('SELECT * FROM provider_keys WHERE account_id = ? ORDER BY provider');
    this.#delete = db.prepare('DELETE FROM provider_keys WHERE account_id = ? AND provider = ?');
    this.#selectPreference = db.prepare('SELECT byok_only FROM byok_settings WHERE account_id = ?');
    this.#upsertPreference = db.prepare(
      'INSERT INTO byok_settings (account_id, byok_only) VALUES (?, ?) ON CONFLICT (account_id) DO UPDATE SET byok_only = excluded.byok_only',
    );
  }

  async put(record: ProviderKeyRecord): Promise<ProviderKeyRecord> {
    this.#upsert.run(...providerKeyValues(record));
    return (await this.get(record.accountId, record.provider)) ?? record;
  }

  async get(accountId: string, provider: string): Promise<ProviderKeyRecord | undefined> {
    const row = this.#select.get(accountId, provider) as ProviderKeyRow | undefined;
    return row && providerKeyFromRow(row);
  }

  async list(accountId: string): Promise<ProviderKeyRecord[]> {
    return (this.#list.all(accountId) as ProviderKeyRow[]).map(providerKeyFromRow);
  }

  async delete(accountId: string, provider: string): Promise<boolean> {
    return Number(this.#delete.run(accountId, provider).changes) > 0;
  }

  async getPreference(accountId: string): Promise<ByokPreference> {
    const row = this.#selectPreference.get(accountId) as { byok_only: number } | undefined;
    return { byokOnly: row?.byok_only === 1 };
  }

  async setPreference(accountId: string, preference: ByokPreference): Promise<void> {
    this.#upsertPreference.run(accountId, preference.byokOnly ? 1 : 0);
  }
}
