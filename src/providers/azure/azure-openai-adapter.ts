import { createOpenAiCompatibleAdapter } from '../openai/create-openai-compatible-adapter.ts';
import { parseOpenAiStream } from '../openai/parse-openai-stream.ts';
import type { OpenAiCompatibleQuirks } from '../openai/quirks.ts';
import type { ProviderAdapter } from '../provider-adapter.ts';
import { azureChatCompletionsUrl } from './azure-url.ts';
import { dropAzureFilterChunks } from './drop-azure-filter-chunks.ts';
import { parseAzureError } from './parse-azure-error.ts';

/**
 * OpenAI's models as Azure serves them. `max_completion_tokens` and `stream_options` are in the
 * 2024-10-21 GA version; `reasoning_effort` needs 2024-12-01-preview or later (set
 * AZURE_OPENAI_API_VERSION for o-series deployments), older versions answer it with a 400.
 */
export const azureQuirks = {
  maxTokensField: 'max_completion_tokens',
  reasoningEffort: true,
  streamUsage: true,
  topK: false,
} as const satisfies OpenAiCompatibleQuirks;

const base = createOpenAiCompatibleAdapter('azure', azureQuirks);

/**
 * Azure OpenAI: the OpenAI Chat Completions body, sent to the model's deployment with an
 * `api-version` query and the key in an `api-key` header instead of a bearer token.
 */
export const azureOpenAiAdapter: ProviderAdapter = {
  ...base,
  async buildRequest(request, upstreamModel, settings) {
    // Built without the key so that no `authorization` header is made; Azure wants `api-key`.
    const built = await base.buildRequest(request, upstreamModel, { ...settings, apiKey: undefined });
    return {
      ...built,
      url: azureChatCompletionsUrl(settings, upstreamModel),
      headers: { ...built.headers, ...(settings.apiKey !== undefined ? { 'api-key': settings.apiKey } : {}) },
    };
  },
  // Overridden, not inherited from `base`: the URL and key header are Azure's.
  async buildPassthroughRequest(upstreamModel, settings, stream) {
    const built = await base.buildPassthroughRequest!(upstreamModel, { ...settings, apiKey: undefined }, stream);
    return {
      ...built,
      url: azureChatCompletionsUrl(settings, upstreamModel),
      headers: { ...built.headers, ...(settings.apiKey !== undefined ? { 'api-key': settings.apiKey } : {}) },
    };
  },
  parseStream: (body) => parseOpenAiStream(dropAzureFilterChunks(body), 'azure'),
  parseError: parseAzureError,
};
