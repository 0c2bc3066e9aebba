import { embeddingTexts, type EmbeddingRequest } from '../../../core/embeddings.ts';
import type { ProviderSettings, UpstreamRequest } from '../../provider-adapter.ts';
import { vertexAuthHeaders, vertexModelUrl } from '../vertex-url.ts';

/**
 * Inputs per `:predict` call. Vertex's text-embedding models take up to 250 instances;
 * gemini-embedding-001 takes a single one (cloud.google.com/vertex-ai/generative-ai/docs/embeddings/get-text-embeddings).
 */
export function vertexMaxInputs(upstreamModel: string): number {
  return upstreamModel.startsWith('gemini-embedding') ? 1 : 250;
}

/**
 * `POST …/publishers/google/models/{model}:predict` with `instances: [{content}]` and
 * `parameters.outputDimensionality`. `user` has no Vertex field and is not sent.
 */
export async function buildVertexEmbeddingRequest(request: EmbeddingRequest, upstreamModel: string, settings: ProviderSettings): Promise<UpstreamRequest> {
  const instances = embeddingTexts(request, settings.id).map((content) => ({ content }));
  const body = { instances, ...(request.dimensions !== undefined ? { parameters: { outputDimensionality: request.dimensions } } : {}) };
  return {
    url: vertexModelUrl(settings, 'google', upstreamModel, 'predict'),
    method: 'POST',
    headers: { 'content-type': 'application/json', ...settings.headers, ...(await vertexAuthHeaders(settings)) },
    body: JSON.stringify(body),
  };
}
