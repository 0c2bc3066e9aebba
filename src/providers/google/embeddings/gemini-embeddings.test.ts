import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EmbeddingRequest } from '../../../core/embeddings.ts';
import { GatewayError } from '../../../core/errors.ts';
import { geminiEmbeddingAdapter } from './index.ts';

const settings = { id: 'google', apiKey: 'g-key', baseUrl: 'https://generativelanguage.googleapis.com/' };
const request: EmbeddingRequest = { model: 'google/gemini-embedding-001', input: ['What is the meaning of life?', 'How does the brain work?'], encodingFormat: 'float', user: 'u1' };

describe('Gemini embeddings (batchEmbedContents)', () => {
  it('sends one request per input, each naming models/{model}, with outputDimensionality', () => {
    const upstream = geminiEmbeddingAdapter.buildRequest({ ...request, dimensions: 768 }, 'gemini-embedding-001', settings) as { url: string; headers: Record<string, string>; body: string };
    assert.equal(upstream.url, 'https://generativelanguage.googleapis.com/v1beta/models/gemini-embedding-001:batchEmbedContents');
    assert.equal(upstream.headers['x-goog-api-key'], 'g-key');
    assert.deepEqual(JSON.parse(upstream.body), {
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'What is the meaning of life?' }] }, outputDimensionality: 768 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'How does the brain work?' }] }, outputDimensionality: 768 },
      ],
    });
  });

  it('refuses token arrays with a 400 naming google', () => {
    assert.throws(
      () => geminiEmbeddingAdapter.buildRequest({ ...request, input: [[1, 2]] }, 'gemini-embedding-001', settings),
      (error: unknown) => error instanceof GatewayError && error.code === 'unsupported_feature' && /google/.test(error.message),
    );
  });

  it('reads embeddings[].values in order and estimates usage, flagged, since Gemini reports none', () => {
    const parsed = geminiEmbeddingAdapter.parseResponse({ embeddings: [{ values: [0.6, 0.8] }, { values: [1, 0] }] }, request);
    assert.deepEqual(parsed.vectors, [[0.6, 0.8], [1, 0]]);
    assert.deepEqual(parsed.usage, { inputTokens: Math.ceil(('What is the meaning of life?'.length + 'How does the brain work?'.length) / 4), estimated: true });
  });

  it('normalises truncated vectors, which Gemini returns at other than unit length', () => {
    const parsed = geminiEmbeddingAdapter.parseResponse({ embeddings: [{ values: [3, 4] }, { values: [0, 2] }] }, { ...request, dimensions: 2 });
    assert.deepEqual(parsed.vectors, [[0.6, 0.8], [0, 1]]);
  });

  it('keeps Google error statuses (a quota 429 stays retryable)', () => {
    const body = JSON.stringify({ error: { code: 429, message: 'Resource has been exhausted', status: 'RESOURCE_EXHAUSTED' } });
    const error = geminiEmbeddingAdapter.parseError(429, {}, body, settings);
    assert.equal(error.status, 429);
    assert.equal(error.code, 'rate_limited');
  });
});
