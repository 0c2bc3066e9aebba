import type { AccountStore, Authenticated } from './account-store.ts';
import { isWellFormedSecret } from './api-key-secret.ts';

export type CachedAuthenticationOptions = {
  /** How long a successful lookup is reused, in ms. Another instance's revocation takes up to this long to reach this one. */
  ttlMs?: number;
  /** Most keys remembered at once; past it the oldest entry goes. */
  maxEntries?: number;
  now?: () => number;
};

/** Five seconds: a busy key is looked up a few times a minute instead of on every request. */
export const AUTHENTICATION_CACHE_TTL_MS = 5_000;

/**
 * An AccountStore whose `authenticate` remembers valid keys for a few seconds, so the request
 * path skips the SHA-256 and the database lookup for a key it has just seen. Only successes are
 * kept (unknown keys always reach the store, so junk cannot fill the cache). A revocation made
 * through this store takes effect at once in this process; one made on another instance (or
 * directly in the database) is noticed here within `ttlMs`.
 */
export function cacheAuthentication(store: AccountStore, options: CachedAuthenticationOptions = {}): AccountStore {
  const ttlMs = options.ttlMs ?? AUTHENTICATION_CACHE_TTL_MS;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  // Insertion order is age order: a refreshed entry is deleted and set again.
  const remembered = new Map<string, { found: Authenticated; until: number }>();
  // Bumped by every revocation and key change: a lookup that was in flight meanwhile is not remembered.
  let revocations = 0;
  const forgetKey = (keyId: string) => {
    for (const [secret, entry] of remembered) if (entry.found.key.id === keyId) remembered.delete(secret);
  };

  return {
    createAccount: (input) => store.createAccount(input),
    getAccount: (id) => store.getAccount(id),
    listAccounts: () => store.listAccounts(),
    createKey: (accountId, input) => store.createKey(accountId, input),
    listKeys: (accountId) => store.listKeys(accountId),

    async updateKey(accountId, keyId, changes) {
      // A remembered answer carries the key's settings: forget it so the change applies at once here.
      revocations++;
      forgetKey(keyId);
      const updated = await store.updateKey(accountId, keyId, changes);
      revocations++;
      forgetKey(keyId);
      return updated;
    },

    async revokeKey(accountId, keyId) {
      revocations++;
      forgetKey(keyId);
      const revoked = await store.revokeKey(accountId, keyId);
      revocations++;
      forgetKey(keyId);
      return revoked;
    },

    async authenticate(secret) {
      const hit = remembered.get(secret);
      if (hit && hit.until > now()) return hit.found;
      if (hit) remembered.delete(secret);
      const before = revocations;
      const found = await store.authenticate(secret);
      if (found && before === revocations && ttlMs > 0 && typeof secret === 'string' && isWellFormedSecret(secret)) {
        if (remembered.size >= maxEntries) remembered.delete(remembered.keys().next().value!);
        remembered.set(secret, { found, until: now() + ttlMs });
      }
      return found;
    },
  };
}
