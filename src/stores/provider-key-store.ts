/**
 * An account's own key for one provider (bring your own key). `sealedKey` is the API key
 * encrypted by `byok/secret-box.ts`: stores never see, keep or return the plaintext.
 */
export type ProviderKeyRecord = {
  accountId: string;
  /** Provider id as in the catalog (`openai`, `anthropic`, `groq`...). */
  provider: string;
  sealedKey: string;
  /** Overrides the provider's base URL for this account; null keeps the gateway's. */
  baseUrl: string | null;
  /** The key's last four characters, shown so users can tell keys apart. */
  last4: string;
  createdAt: number;
  updatedAt: number;
};

/** Per-account BYOK settings. */
export type ByokPreference = {
  /** Use the account's own keys only: providers without one are not used for it. Default false. */
  byokOnly: boolean;
};

/**
 * Provider keys brought by accounts. Async so SQLite and PostgreSQL implementations share one
 * interface and one contract test (`provider-key-store.contract.ts`).
 */
export interface ProviderKeyStore {
  /** Stores or replaces the account's key for the provider (`createdAt` of a replaced key is kept). */
  put(record: ProviderKeyRecord): Promise<ProviderKeyRecord>;
  get(accountId: string, provider: string): Promise<ProviderKeyRecord | undefined>;
  /** The account's keys, by provider id. */
  list(accountId: string): Promise<ProviderKeyRecord[]>;
  /** True when a key was deleted. */
  delete(accountId: string, provider: string): Promise<boolean>;
  getPreference(accountId: string): Promise<ByokPreference>;
  setPreference(accountId: string, preference: ByokPreference): Promise<void>;
}
