import type { ProviderSettings } from '../provider-adapter.ts';

/** The newest generally available data-plane inference version (learn.microsoft.com/azure/ai-services/openai/reference). */
export const defaultAzureApiVersion = '2024-10-21';

/**
 * Azure OpenAI from the environment: `AZURE_OPENAI_API_KEY`, `AZURE_OPENAI_ENDPOINT`
 * (`https://<resource>.openai.azure.com`) and `AZURE_OPENAI_API_VERSION`. A key without an
 * endpoint is still returned (with no base URL) so that start-up says what is missing.
 */
export function azureSettingsFromEnv(env: Record<string, string | undefined>): ProviderSettings | undefined {
  const apiKey = env.AZURE_OPENAI_API_KEY?.trim();
  if (!apiKey) return undefined;
  return {
    id: 'azure',
    apiKey,
    baseUrl: env.AZURE_OPENAI_ENDPOINT?.trim() ?? '',
    options: { apiVersion: env.AZURE_OPENAI_API_VERSION?.trim() || defaultAzureApiVersion },
  };
}
