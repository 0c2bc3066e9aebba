import type { ProviderDefinition } from '../provider-table.ts';
import { azureOpenAiAdapter } from './azure-openai-adapter.ts';
import { azureSettingsFromEnv } from './azure-settings.ts';

export { azureOpenAiAdapter, azureQuirks } from './azure-openai-adapter.ts';
export { azureSettingsFromEnv, defaultAzureApiVersion } from './azure-settings.ts';

/** Provider-table row for Azure OpenAI. */
export const azureProvider: ProviderDefinition = {
  id: 'azure',
  displayName: 'Azure OpenAI',
  adapterFor: () => azureOpenAiAdapter,
  settingsFromEnv: azureSettingsFromEnv,
};
