import { embeddingTexts, type EmbeddingRequest } from '../../../core/embeddings.ts';
import type { ProviderSettings, UpstreamRequest } from '../../provider-adapter.ts';

/** Gemini's `models.batchEmbedContents` takes at most 100 requests per call (ai.google.dev/api/embeddings). */
export const GEMINI_MAX_BATCH = 100;

/**
 * `POST {baseUrl}/v1beta/models/{model}:batchEmbedContents` with one request per input, each
 * naming the model again as `models/{model}` (the API requires it to match the path).
 * `user` has no Gemini field and does not change the vectors, so it is not sent.
 */
export function buildGeminiEmbeddingRequest(request: EmbeddingRequest, upstreamModel: string, settings: ProviderSettings): UpstreamRequest {
  const model = upstreamModel.replace(/^models\//, '');
  const requests = embeddingTexts(request, settings.id).map((text) => ({
    model: `models/${model}`,
    content: { parts: [{ text }] },
    ...(request.dimensions !== undefined ? { outputDimensionality: request.dimensions } : {}),
  }));
  const base = settings.baseUrl.replace(/\/+$/, '');
  const headers: Record<string, string> = { 'content-type': 'application/json', ...settings.headers };
  if (settings.apiKey !== undefined) headers['x-goog-api-key'] = settings.apiKey;
  return { url: `${base}/v1beta/models/${encodeURIComponent(model)}:batchEmbedContents`, method: 'POST', headers, body: JSON.stringify({ requests }) };
}
