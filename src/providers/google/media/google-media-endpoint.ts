import type { ProviderSettings } from '../../provider-adapter.ts';
import { vertexAuthHeaders, vertexModelUrl } from '../../vertex/vertex-url.ts';

/**
 * Where a Google model method lives and how it authenticates: the Gemini API
 * (`{base}/v1beta/models/{model}:{method}`, `x-goog-api-key`) or Vertex AI
 * (`…/publishers/google/models/{model}:{method}`, OAuth bearer). Bodies are the same.
 */
export type GoogleMediaEndpoint = {
  provider: 'google' | 'vertex';
  url(settings: ProviderSettings, model: string, method: string): string;
  headers(settings: ProviderSettings): Promise<Record<string, string>>;
};

export const geminiApiEndpoint: GoogleMediaEndpoint = {
  provider: 'google',
  url: (settings, model, method) => `${settings.baseUrl.replace(/\/+$/, '')}/v1beta/models/${encodeURIComponent(model)}:${method}`,
  headers: async (settings) => ({ ...settings.headers, ...(settings.apiKey !== undefined ? { 'x-goog-api-key': settings.apiKey } : {}) }),
};

export const vertexEndpoint: GoogleMediaEndpoint = {
  provider: 'vertex',
  url: (settings, model, method) => vertexModelUrl(settings, 'google', model, method),
  headers: async (settings) => ({ ...settings.headers, ...(await vertexAuthHeaders(settings)) }),
};
