import type pg from 'pg';
import type { ByokPreference, ProviderKeyRecord, ProviderKeyStore } from '../provider-key-store.ts';
import { providerKeyFromRow, providerKeyValues, type ProviderKeyRow } from '../provider-key-row.ts';


/** Accounts' own provider keys in PostgreSQL, sealed (the plaintext never reaches this class). */
export class PostgresProviderKeyStore implements ProviderKeyStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async put(record: ProviderKeyRecord): Promise<ProviderKeyRecord> {
    const { rows } = await this.#pool.query<ProviderKeyRow>(
      `INSERT INTO provider_keys (account_id, provider, sealed_key, base_url, last4, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, provider) DO UPDATE SET sealed_key = excluded.sealed_key, base_url = excluded.base_url,
         last4 = excluded.last4, updated_at = excluded.updated_at
       RETURNING *`,
      providerKeyValues(record),
    );
    return providerKeyFromRow(rows[0]);
  }

  async get(accountId: string, provider: string): Promise<ProviderKeyRecord | undefined> {
    const { rows } = await this.#pool.query<ProviderKeyRow>('SELECT * FROM provider_keys WHERE account_id = $1 AND provider = $2', [accountId, provider]);
    return rows[0] && providerKeyFromRow(rows[0]);
  }

  async list(accountId: string): Promise<ProviderKeyRecord[]> {
    const { rows } = await this.#pool.query<ProviderKeyRow>('SELECT * FROM provider_keys WHERE account_id = $1 ORDER BY provider COLLATE "C"', [accountId]);
    return rows.map(providerKeyFromRow);
  }

  async delete(accountId: string, provider: string): Promise<boolean> {
    return ((await this.#pool.query('DELETE FROM provider_keys WHERE account_id = $1 AND provider = $2', [accountId, provider])).rowCount ?? 0) > 0;
  }

  async getPreference(accountId: string): Promise<ByokPreference> {
    const { rows } = await this.#pool.query<{ byok_only: boolean }>('SELECT byok_only FROM byok_settings WHERE account_id = $1', [accountId]);
    return { byokOnly: rows[0]?.byok_only === true };
  }

  async setPreference(accountId: string, preference: ByokPreference): Promise<void> {
    await this.#pool.query('INSERT INTO byok_settings (account_id, byok_only) VALUES ($1, $2) ON CONFLICT (account_id) DO UPDATE SET byok_only = excluded.byok_only', [
      accountId,
      preference.byokOnly,
    ]);
  }
}
