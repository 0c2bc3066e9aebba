import { GatewayError } from '../core/errors.ts';
import type { MediaKind } from '../core/media.ts';
import type { MediaAdapter } from './media-adapter.ts';
import type { ProviderAdapter } from './provider-adapter.ts';
import type { ProviderDefinition } from './provider-table.ts';

/** A chat adapter for providers with no chat API: every call is a clear 400 naming the media endpoints. */
function noChatAdapter(providerId: string): ProviderAdapter {
  const refuse = (): never => {
    throw new GatewayError({
      status: 400,
      code: 'unsupported_feature',
      provider: providerId,
      param: 'model',
      message: `Provider '${providerId}' serves media models only; use /v1/images/*, /v1/audio/* or /v1/run, not a chat endpoint.`,
    });
  };
  return {
    family: providerId,
    wireFormat: 'openai-chat',
    buildRequest: refuse,
    parseResponse: refuse,
    parseStream: refuse,
    parseError: refuse,
  };
}

/** A keyed provider that serves media only (ElevenLabs, Deepgram): one adapter per kind, an API key and a base URL variable. */
export function mediaOnlyProvider(spec: {
  id: string;
  displayName: string;
  adapters: Partial<Record<MediaKind, MediaAdapter>>;
  defaultBaseUrl: string;
  apiKeyEnv: string;
  baseUrlEnv: string;
}): ProviderDefinition {
  const chat = noChatAdapter(spec.id);
  return {
    id: spec.id,
    displayName: spec.displayName,
    adapterFor: () => chat,
    mediaAdapterFor: (_model, kind) => spec.adapters[kind],
    settingsFromEnv(env) {
      const apiKey = env[spec.apiKeyEnv]?.trim();
      if (!apiKey) return undefined;
      return { id: spec.id, apiKey, baseUrl: env[spec.baseUrlEnv]?.trim() || spec.defaultBaseUrl };
    },
  };
}
