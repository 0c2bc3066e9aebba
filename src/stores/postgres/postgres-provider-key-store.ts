import type pg from 'pg';
import type { ByokPreference, ProviderKeyRecord, ProviderKeyStore } from '../provider-key-store.ts';

type Row = { account_id: string; provider: string; sealed_key: string; base_url: string | null; last4: string; created_at: bigint; updated_at: bigint };

/** Accounts' own provider keys in PostgreSQL, sealed (the plaintext never reaches this class). */
export class PostgresProviderKeyStore implements ProviderKeyStore {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async put(record: ProviderKeyRecord): Promise<ProviderKeyRecord> {
    const { rows } = await this.#pool.query<Row>(
      `INSERT INTO provider_keys (account_id, provider, sealed_key, base_url, last4, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (account_id, provider) DO UPDATE SET sealed_key = excluded.sealed_key, base_url = excluded.base_url,
         last4 = excluded.last4, updated_at = excluded.updated_at
       RETURNING *`,
      [record.accountId, record.provider, record.sealedKey, record.baseUrl, record.last4, record.createdAt, record.updatedAt],
    );
    return fromRow(rows[0]);
  }

  async get(accountId: string, provider: string): Promise<ProviderKeyRecord | undefined> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM provider_keys WHERE account_id = $1 AND provider = $2', [accountId, provider]);
    return rows[0] && fromRow(rows[0]);
  }

  async list(accountId: string): Promise<ProviderKeyRecord[]> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM provider_keys WHERE account_id = $1 ORDER BY provider COLLATE "C"', [accountId]);
    return rows.map(fromRow);
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

function fromRow(row: Row): ProviderKeyRecord {
  return {
    accountId: row.account_id,
    provider: row.provider,
    sealedKey: row.sealed_key,
    baseUrl: row.base_url,
    last4: row.last4,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}
