import type { OpenAiCompatibleQuirks } from '../openai/quirks.ts';
import type { ProviderDefinition } from '../provider-table.ts';
import { defineCompatibleProvider } from './define-compatible-provider.ts';

/**
 * What an unknown server is assumed to accept: the widely implemented `max_tokens`, and
 * `stream_options` (most servers take it; set `streamUsage: false` for strict ones).
 */
export const defaultCustomQuirks = {
  maxTokensField: 'max_tokens',
  reasoningEffort: false,
  streamUsage: true,
  topK: false,
} as const satisfies OpenAiCompatibleQuirks;

/**
 * A provider the user declares in the config file with `"compatible": "openai"`. Its settings
 * come from the file only (it has no conventional environment variables).
 */
export function customCompatibleProvider(id: string, quirks: Partial<OpenAiCompatibleQuirks> = {}, displayName = id): ProviderDefinition {
  const definition = defineCompatibleProvider({
    id,
    displayName,
    defaultBaseUrl: '',
    envPrefix: '',
    keyless: true,
    quirks: { ...defaultCustomQuirks, ...quirks },
  });
  return { ...definition, settingsFromEnv: () => undefined };
}
