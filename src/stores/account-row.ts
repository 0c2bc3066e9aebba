import type { Account, ApiKeyRecord } from './account-store.ts';

/** An integer column as a driver returns it: a SQLite number, a PostgreSQL BIGINT as bigint. */
type DbInteger = number | bigint;

/** An `accounts` row as SQLite and PostgreSQL return it. */
export type AccountRow = { id: string; name: string; created_at: DbInteger };

/** An `api_keys` row (`KEY_COLUMNS`); `log_bodies` is SQLite's 0/1 or PostgreSQL's boolean. */
export type KeyRow = { id: string; account_id: string; name: string; prefix: string; created_at: DbInteger; revoked_at: DbInteger | null; log_bodies: number | boolean };

/** A key row joined with its account, as `authenticate` reads it. */
export type AuthRow = KeyRow & { secret_hash: string; account_name: string; account_created_at: DbInteger };

/** The `api_keys` columns (alias `k`) every key query selects. */
export const KEY_COLUMNS = 'k.id, k.account_id, k.name, k.prefix, k.created_at, k.revoked_at, k.log_bodies';

export function accountFromRow(row: AccountRow): Account {
  return { id: row.id, name: row.name, createdAt: Number(row.created_at) };
}

export function keyFromRow(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    name: row.name,
    prefix: row.prefix,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
    logBodies: row.log_bodies === true || row.log_bodies === 1,
  };
}

/** The account half of an `AuthRow`. */
export function authAccountFromRow(row: AuthRow): Account {
  return { id: row.account_id, name: row.account_name, createdAt: Number(row.account_created_at) };
}
