import type { ProviderKeyRecord } from './provider-key-store.ts';

/** A `provider_keys` row as SQLite (numbers) and PostgreSQL (BIGINT as bigint) return it. */
export type ProviderKeyRow = {
  account_id: string;
  provider: string;
  sealed_key: string;
  base_url: string | null;
  last4: string;
  created_at: number | bigint;
  updated_at: number | bigint;
};

/** The record's values in `provider_keys` column order, for the upsert both stores run. */
export function providerKeyValues(record: ProviderKeyRecord): Array<string | number | null> {
  return [record.accountId, record.provider, record.sealedKey, record.baseUrl, record.last4, record.createdAt, record.updatedAt];
}

export function providerKeyFromRow(row: ProviderKeyRow): ProviderKeyRecord {
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
