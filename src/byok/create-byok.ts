import { GatewayError } from '../core/errors.ts';
import type { ProviderSettings } from '../providers/provider-adapter.ts';
import type { ProviderDefinition } from '../providers/provider-table.ts';
import type { ProviderKeyRecord, ProviderKeyStore } from '../stores/provider-key-store.ts';
import { defaultProviderSettings } from './default-provider-settings.ts';
import { createSecretBox, type SecretBox } from './secret-box.ts';

export type ByokDeps = {
  store: ProviderKeyStore;
  /** `SWITCHYARD_SECRET`: without it keys cannot be stored or used. */
  secret?: string;
  /** Every provider the gateway knows (built-in table and custom ones), for default base URLs. */
  definitions: readonly ProviderDefinition[];
  now?: () => number;
  /**
   * How long an account's resolved providers are reused, in ms (default 5 s). Changes made
   * through this instance apply at once; changes made on another instance within this time.
   */
  cacheTtlMs?: number;
};

/** What the admin API shows of a stored key: never more than its last four characters. */
export type ProviderKeyView = { provider: string; api_key: string; base_url: string | null; created_at: string; updated_at: string };

/** Per-request provider settings with the account's own keys in place of the gateway's. Shared between requests: read only. */
export type ByokProviders = {
  providers: Map<string, ProviderSettings>;
  /** Providers in `providers` that use the account's key: their requests are not drawn from the wallet. */
  byokProviders: Set<string>;
  /** The account's plaintext keys, to redact from upstream error messages. */
  secrets: string[];
};

/** Providers whose credentials are not an API key (OAuth tokens, AWS signing) cannot be brought. */
const NOT_KEYED = new Set(['vertex', 'bedrock']);

export type Byok = ReturnType<typeof createByok>;

/**
 * Bring your own key: accounts store their own provider API keys, sealed with AES-256-GCM under
 * a key derived from `SWITCHYARD_SECRET`, and their requests use them — the account's key first,
 * then the gateway's own unless the account chose `byok_only` (docs/billing.md).
 */
export function createByok(deps: ByokDeps) {
  const now = deps.now ?? Date.now;
  const box: SecretBox | undefined = deps.secret ? createSecretBox(deps.secret) : undefined;
  const context = (accountId: string, provider: string) => `${accountId}/${provider}`;
  // Two reads (and a decryption per key) on every request otherwise.
  const cacheTtlMs = deps.cacheTtlMs ?? 5_000;
  const resolved = new Map<string, { gatewayProviders: Map<string, ProviderSettings>; value: ByokProviders; until: number }>();
  // Bumped after every change is written: a resolution that overlapped it is not remembered.
  let changes = 0;
  const changed = (accountId: string) => {
    changes++;
    resolved.delete(accountId);
  };

  function requireBox(): SecretBox {
    if (box) return box;
    throw GatewayError.invalidRequest('Provider keys cannot be stored: the gateway has no SWITCHYARD_SECRET to encrypt them with. Set it (e.g. `openssl rand -hex 32`) and restart.');
  }

  function open(record: ProviderKeyRecord): string {
    try {
      return requireBox().open(record.sealedKey, context(record.accountId, record.provider));
    } catch {
      // Never fall back silently to the gateway's key: the wallet would pay for what the account meant to.
      throw new GatewayError({
        status: 500,
        code: 'internal',
        message: `The account's ${record.provider} key cannot be decrypted: SWITCHYARD_SECRET is unset or differs from the one it was stored with.`,
      });
    }
  }

  function definition(provider: string): ProviderDefinition | undefined {
    return deps.definitions.find((candidate) => candidate.id === provider);
  }

  function byokSettings(record: ProviderKeyRecord, base: ProviderSettings | undefined): ProviderSettings | undefined {
    const known = definition(record.provider);
    const start = base ?? (known && defaultProviderSettings(known));
    const baseUrl = record.baseUrl ?? start?.baseUrl;
    if (!baseUrl) return undefined;
    const { bearerToken: _gatewayToken, ...rest } = start ?? { id: record.provider };
    return { ...rest, id: record.provider, baseUrl, apiKey: open(record) };
  }

  return {
    /** Stores (or replaces) an account's key; 400 for unknown providers, non-key providers or no secret. */
    async putKey(input: { accountId: string; provider: string; apiKey: string; baseUrl?: string | null; gatewayHasProvider: boolean }): Promise<ProviderKeyView> {
      if (input.apiKey.trim().length < 8) throw GatewayError.invalidRequest('api_key must be at least 8 characters.', 'api_key');
      const known = definition(input.provider);
      if (!known) throw GatewayError.invalidRequest(`Unknown provider '${input.provider}'.`, 'provider');
      if (NOT_KEYED.has(input.provider)) throw GatewayError.invalidRequest(`Provider '${input.provider}' does not use API keys; bring-your-own-key supports API-key providers.`, 'provider');
      if (!input.baseUrl && !input.gatewayHasProvider && !defaultProviderSettings(known)) {
        throw GatewayError.invalidRequest(`Provider '${input.provider}' has no default base URL: send base_url.`, 'base_url');
      }
      const sealedKey = requireBox().seal(input.apiKey, context(input.accountId, input.provider));
      const at = now();
      const record = await deps.store.put({
        accountId: input.accountId,
        provider: input.provider,
        sealedKey,
        baseUrl: input.baseUrl?.replace(/\/+$/, '') || null,
        last4: input.apiKey.slice(-4),
        createdAt: at,
        updatedAt: at,
      });
      changed(input.accountId);
      return view(record);
    },

    async getKey(accountId: string, provider: string): Promise<ProviderKeyView | undefined> {
      const record = await deps.store.get(accountId, provider);
      return record && view(record);
    },

    async listKeys(accountId: string): Promise<{ byok_only: boolean; data: ProviderKeyView[] }> {
      const [records, preference] = await Promise.all([deps.store.list(accountId), deps.store.getPreference(accountId)]);
      return { byok_only: preference.byokOnly, data: records.map(view) };
    },

    async deleteKey(accountId: string, provider: string): Promise<boolean> {
      const deleted = await deps.store.delete(accountId, provider);
      changed(accountId);
      return deleted;
    },

    async setByokOnly(accountId: string, byokOnly: boolean): Promise<void> {
      await deps.store.setPreference(accountId, { byokOnly });
      changed(accountId);
    },

    /**
     * The settings one provider is called with for this account: its own key when it has one,
     * otherwise `baseSettings` (the gateway's key), or undefined when the account is BYOK-only
     * or neither exists.
     */
    async settingsFor(accountId: string, providerId: string, baseSettings: ProviderSettings | undefined): Promise<ProviderSettings | undefined> {
      const record = await deps.store.get(accountId, providerId);
      if (record) return byokSettings(record, baseSettings);
      const { byokOnly } = await deps.store.getPreference(accountId);
      return byokOnly ? undefined : baseSettings;
    },

    /**
     * Every provider the account may use, for one request: the gateway's settings with the
     * account's keys put in (two reads, no decryption unless the account has keys; then reused
     * for `cacheTtlMs`). Pass `providers` to routing in place of the gateway's map.
     */
    async providersFor(accountId: string, gatewayProviders: Map<string, ProviderSettings>): Promise<ByokProviders> {
      const hit = resolved.get(accountId);
      if (hit && hit.gatewayProviders === gatewayProviders && hit.until > now()) return hit.value;
      const before = changes;
      const value = await resolveProviders(accountId, gatewayProviders);
      if (cacheTtlMs > 0 && before === changes) {
        if (resolved.size >= 10_000) resolved.delete(resolved.keys().next().value!);
        resolved.set(accountId, { gatewayProviders, value, until: now() + cacheTtlMs });
      }
      return value;
    },
  };

  async function resolveProviders(accountId: string, gatewayProviders: Map<string, ProviderSettings>): Promise<ByokProviders> {
    const [records, preference] = await Promise.all([deps.store.list(accountId), deps.store.getPreference(accountId)]);
    const providers = new Map(preference.byokOnly ? [] : gatewayProviders);
    const byokProviders = new Set<string>();
    const secrets: string[] = [];
    for (const record of records) {
      const settings = byokSettings(record, gatewayProviders.get(record.provider));
      if (!settings) continue;
      providers.set(record.provider, settings);
      byokProviders.add(record.provider);
      secrets.push(settings.apiKey!);
    }
    return { providers, byokProviders, secrets };
  }
}

function view(record: ProviderKeyRecord): ProviderKeyView {
  return {
    provider: record.provider,
    api_key: `****${record.last4}`,
    base_url: record.baseUrl,
    created_at: new Date(record.createdAt).toISOString(),
    updated_at: new Date(record.updatedAt).toISOString(),
  };
}
