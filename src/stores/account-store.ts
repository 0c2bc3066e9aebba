import { GatewayError } from '../core/errors.ts';

/** A tenant of the gateway: owns API keys, and (later) a wallet, usage and request logs. */
export type Account = {
  id: string;
  name: string;
  /** Milliseconds since the epoch, from the store's clock. */
  createdAt: number;
};

/** What the gateway keeps about an API key: never the secret, only its hash (not exposed) and a display prefix. */
export type ApiKeyRecord = {
  id: string;
  accountId: string;
  name: string;
  /** The first characters of the secret, safe to show (`sy-abc123`), so users can tell keys apart. */
  prefix: string;
  createdAt: number;
  /** When the key was revoked; null while it is active. */
  revokedAt: number | null;
  /** Whether requests made with this key keep their (redacted) bodies in the request log; off by default. */
  logBodies: boolean;
};

/** Settings of a key that can be changed after it was created; fields left out stay as they are. */
export type ApiKeyChanges = { logBodies?: boolean };

/** A newly created key: `secret` is returned this once and cannot be recovered later. */
export type CreatedApiKey = { key: ApiKeyRecord; secret: string };

/** The caller behind a valid API key. */
export type Authenticated = { account: Account; key: ApiKeyRecord };

/**
 * Accounts and their API keys. Async throughout so SQLite and PostgreSQL implementations share
 * one interface and one contract test (`account-store.contract.ts`).
 */
export interface AccountStore {
  createAccount(input: { name: string }): Promise<Account>;
  getAccount(id: string): Promise<Account | undefined>;
  /** Every account, oldest first. */
  listAccounts(): Promise<Account[]>;
  /** Throws a 404 GatewayError when the account does not exist. */
  createKey(accountId: string, input: { name: string; logBodies?: boolean }): Promise<CreatedApiKey>;
  /** The account's keys, revoked ones included, oldest first. Never contains secrets. */
  listKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** The key after the change, or undefined for an unknown or foreign key (revoked keys can still be changed). */
  updateKey(accountId: string, keyId: string, changes: ApiKeyChanges): Promise<ApiKeyRecord | undefined>;
  /** True when an active key of this account was revoked now; false for unknown, foreign or already revoked keys. */
  revokeKey(accountId: string, keyId: string): Promise<boolean>;
  /** The account and key for a presented secret, or undefined when it is unknown, malformed or revoked. */
  authenticate(secret: string): Promise<Authenticated | undefined>;
}

/** Options every implementation accepts. */
export type AccountStoreOptions = {
  /** The clock, in milliseconds since the epoch; injected so tests control time. Defaults to Date.now. */
  now?: () => number;
};

const MAX_NAME_LENGTH = 200;

/** The trimmed name, or a 400 when it is empty or too long. Shared so every implementation validates alike. */
export function normalizeName(name: unknown, param: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > MAX_NAME_LENGTH) {
    throw GatewayError.invalidRequest(`'${param}' must be a non-empty string of at most ${MAX_NAME_LENGTH} characters.`, param);
  }
  return trimmed;
}

/** The error every implementation throws when an operation names an account that does not exist. */
export function accountNotFound(accountId: string): GatewayError {
  return new GatewayError({ status: 404, code: 'not_found', message: `Account '${accountId}' does not exist.` });
}
