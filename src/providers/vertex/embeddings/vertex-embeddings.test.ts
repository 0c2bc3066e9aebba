import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EmbeddingRequest } from '../../../core/embeddings.ts';
import { findProvider } from '../../provider-table.ts';
import { vertexEmbeddingAdapter } from './index.ts';

const settings = {
  id: 'vertex',
  baseUrl: 'https://us-central1-aiplatform.googleapis.com',
  options: { project: 'my-project', location: 'us-central1' },
  bearerToken: async () => 'ya29.token',
};
const request: EmbeddingRequest = { model: 'google/gemini-embedding-001', input: ['hello'], encodingFormat: 'float' };

describe('Vertex AI embeddings (:predict)', () => {
  it('posts instances[{content}] and parameters.outputDimensionality to the project-scoped predict URL with OAuth', async () => {
    const upstream = await vertexEmbeddingAdapter.buildRequest({ ...request, dimensions: 768 }, 'gemini-embedding-001', settings);
    assert.equal(upstream.url, 'https://us-central1-aiplatform.googleapis.com/v1/projects/my-project/locations/us-central1/publishers/google/models/gemini-embedding-001:predict');
    assert.equal(upstream.headers.authorization, 'Bearer ya29.token');
    assert.deepEqual(JSON.parse(upstream.body!), { instances: [{ content: 'hello' }], parameters: { outputDimensionality: 768 } });
  });

  it('takes one input per call for gemini-embedding-001 and 250 for text-embedding models', () => {
    assert.equal(vertexEmbeddingAdapter.maxInputsPerCall('gemini-embedding-001'), 1);
    assert.equal(vertexEmbeddingAdapter.maxInputsPerCall('text-embedding-005'), 250);
  });

  it('reads predictions[].embeddings.values and sums statistics.token_count', () => {
    const parsed = vertexEmbeddingAdapter.parseResponse(
      {
        predictions: [
          { embeddings: { values: [0.1, 0.2], statistics: { token_count: 4, truncated: false } } },
          { embeddings: { values: [0.3, 0.4], statistics: { token_count: 6, truncated: false } } },
        ],
        metadata: { billableCharacterCount: 30 },
      },
      { ...request, input: ['a', 'b'] },
    );
    assert.deepEqual(parsed.vectors, [[0.1, 0.2], [0.3, 0.4]]);
    assert.deepEqual(parsed.usage, { inputTokens: 10 });
  });

  it('is offered by the vertex row for Google models, not for Claude', () => {
    const vertex = findProvider('vertex')!;
    assert.equal(vertex.embeddingAdapterFor?.('gemini-embedding-001'), vertexEmbeddingAdapter);
    assert.equal(vertex.embeddingAdapterFor?.('claude-sonnet-4-5@20250929'), undefined);
  });
});
