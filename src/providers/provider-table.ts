import type { ProviderAdapter, ProviderSettings } from './provider-adapter.ts';
import type { EmbeddingAdapter } from './embedding-adapter.ts';
import type { MediaAdapter } from './media-adapter.ts';
import type { MediaKind } from '../core/media.ts';
import { openAiEmbeddingAdapter, withOpenAiEmbeddings } from './openai/embeddings/index.ts';
import { geminiEmbeddingAdapter } from './google/embeddings/index.ts';
import { vertexEmbeddingAdapter } from './vertex/embeddings/index.ts';
import { openAiAdapter } from './openai/index.ts';
import { anthropicAdapter } from './anthropic/index.ts';
import { googleAdapter } from './google/index.ts';
import { vertexGeminiAdapter } from './vertex/vertex-gemini-adapter.ts';
import { vertexAnthropicAdapter } from './vertex/vertex-anthropic-adapter.ts';
import { vertexSettingsFromEnv } from './vertex/vertex-settings.ts';
import { bedrockAdapter, bedrockSettingsFromEnv } from './bedrock/index.ts';
import { bedrockInvokeAnthropicAdapter } from './bedrock/bedrock-invoke-anthropic-adapter.ts';
import { bedrockModelFamily } from './bedrock/bedrock-model-family.ts';
import { openAiCompatibleProviders } from './openai-compatible/index.ts';
import { azureProvider } from './azure/index.ts';
import { openAiMediaAdapterFor } from './openai/media/index.ts';
import { geminiMediaAdapterFor, vertexMediaAdapterFor } from './google/media/index.ts';
import { elevenLabsProvider } from './elevenlabs/index.ts';
import { deepgramProvider } from './deepgram/index.ts';
import { replicateProvider } from './replicate/index.ts';

export type Env = Record<string, string | undefined>;

/** How a provider is reached and which conventional environment variables configure it. */
export type ProviderDefinition = {
  id: string;
  displayName: string;
  /** The adapter for one of its models (Vertex serves Gemini and Claude in two formats). */
  adapterFor(upstreamModel: string): ProviderAdapter;
  /** Settings from the environment, or undefined when its credentials are not set. */
  settingsFromEnv(env: Env): ProviderSettings | undefined;
  /** Its embeddings adapter for a model, where the provider offers embeddings (`POST /v1/embeddings`). */
  embeddingAdapterFor?(upstreamModel: string): EmbeddingAdapter | undefined;
  /**
   * Its synchronous media adapter for a model and kind (images, speech, transcription), where
   * the provider offers one (`/v1/images/*`, `/v1/audio/*`, and `/v1/run` for synchronous models).
   */
  mediaAdapterFor?(upstreamModel: string, kind: MediaKind): MediaAdapter | undefined;
};

/** The usual case: one adapter, an API key variable and a base URL variable. */
function keyedProvider(spec: {
  id: string;
  displayName: string;
  adapter: ProviderAdapter;
  embeddingAdapter?: EmbeddingAdapter;
  mediaAdapterFor?: ProviderDefinition['mediaAdapterFor'];
  defaultBaseUrl: string;
  apiKeyEnv: string[];
  baseUrlEnv: string;
}): ProviderDefinition {
  return {
    id: spec.id,
    displayName: spec.displayName,
    adapterFor: () => spec.adapter,
    ...(spec.embeddingAdapter ? { embeddingAdapterFor: () => spec.embeddingAdapter } : {}),
    ...(spec.mediaAdapterFor ? { mediaAdapterFor: spec.mediaAdapterFor } : {}),
    settingsFromEnv(env) {
      const apiKey = spec.apiKeyEnv.map((name) => nonEmpty(env[name])).find(Boolean);
      if (!apiKey) return undefined;
      return { id: spec.id, apiKey, baseUrl: nonEmpty(env[spec.baseUrlEnv]) ?? spec.defaultBaseUrl };
    },
  };
}

export function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value.trim() : undefined;
}

/** Every built-in provider, as data. */
export const providerTable: ProviderDefinition[] = [
  keyedProvider({
    id: 'openai',
    displayName: 'OpenAI',
    adapter: openAiAdapter,
    embeddingAdapter: openAiEmbeddingAdapter,
    mediaAdapterFor: openAiMediaAdapterFor,
    defaultBaseUrl: 'https://api.openai.com/v1',
    apiKeyEnv: ['OPENAI_API_KEY'],
    baseUrlEnv: 'OPENAI_BASE_URL',
  }),
  keyedProvider({
    id: 'anthropic',
    displayName: 'Anthropic',
    adapter: anthropicAdapter,
    defaultBaseUrl: 'https://api.anthropic.com',
    apiKeyEnv: ['ANTHROPIC_API_KEY'],
    baseUrlEnv: 'ANTHROPIC_BASE_URL',
  }),
  keyedProvider({
    id: 'google',
    displayName: 'Google Gemini',
    adapter: googleAdapter,
    embeddingAdapter: geminiEmbeddingAdapter,
    mediaAdapterFor: geminiMediaAdapterFor,
    defaultBaseUrl: 'https://generativelanguage.googleapis.com',
    apiKeyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    baseUrlEnv: 'GEMINI_BASE_URL',
  }),
  {
    id: 'vertex',
    displayName: 'Google Vertex AI',
    adapterFor: (model) => (model.startsWith('claude') ? vertexAnthropicAdapter : vertexGeminiAdapter),
    embeddingAdapterFor: (model) => (model.startsWith('claude') ? undefined : vertexEmbeddingAdapter),
    mediaAdapterFor: (model, kind) => (model.startsWith('claude') ? undefined : vertexMediaAdapterFor(model, kind)),
    settingsFromEnv: vertexSettingsFromEnv,
  },
  {
    id: 'bedrock',
    displayName: 'Amazon Bedrock',
    // Claude through InvokeModel in its own Messages format (so /v1/messages passes through); the rest through Converse.
    adapterFor: (model) => (bedrockModelFamily(model) === 'anthropic' ? bedrockInvokeAnthropicAdapter : bedrockAdapter),
    settingsFromEnv: bedrockSettingsFromEnv,
  },
  azureProvider,
  elevenLabsProvider,
  deepgramProvider,
  replicateProvider,
  ...openAiCompatibleProviders.map(withOpenAiEmbeddings),
];

export function findProvider(id: string): ProviderDefinition | undefined {
  return providerTable.find((provider) => provider.id === id);
}
