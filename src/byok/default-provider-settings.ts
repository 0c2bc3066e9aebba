import type { ProviderSettings } from '../providers/provider-adapter.ts';
import type { ProviderDefinition } from '../providers/provider-table.ts';

/**
 * A provider's settings as if only its API key were configured: its default base URL, read
 * from the provider table itself (each row's `settingsFromEnv` with an environment holding
 * just a placeholder key), so BYOK works for providers the gateway has no key of its own for.
 * Undefined for providers without a default URL (Azure needs the resource's).
 */
export function defaultProviderSettings(definition: ProviderDefinition): ProviderSettings | undefined {
  const placeholder = 'byok-placeholder';
  const env = new Proxy({} as Record<string, string | undefined>, {
    get: (_, name) => (typeof name === 'string' && /_API_KEY$/.test(name) ? placeholder : undefined),
  });
  const settings = definition.settingsFromEnv(env);
  if (!settings?.baseUrl) return undefined;
  const { apiKey: _placeholder, ...rest } = settings;
  return rest;
}
