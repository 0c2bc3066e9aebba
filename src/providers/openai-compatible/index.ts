import type { ProviderDefinition } from '../provider-table.ts';
import { compatibleProviderSpecs } from './compatible-providers.ts';
import { defineCompatibleProvider } from './define-compatible-provider.ts';

export { compatibleProviderSpecs } from './compatible-providers.ts';
export { customCompatibleProvider, defaultCustomQuirks } from './custom-compatible-provider.ts';

/** Provider-table rows for every built-in OpenAI-compatible provider. */
export const openAiCompatibleProviders: ProviderDefinition[] = compatibleProviderSpecs.map(defineCompatibleProvider);

/** Providers that run without an API key (local servers): on when their base URL is set or the config file names them. */
export const keylessProviderIds: ReadonlySet<string> = new Set(compatibleProviderSpecs.filter((spec) => spec.keyless).map((spec) => spec.id));
