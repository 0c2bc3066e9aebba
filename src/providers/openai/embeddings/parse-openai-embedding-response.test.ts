import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../../core/errors.ts';
import { parseOpenAiEmbeddingResponse } from './parse-openai-embedding-response.ts';

/** Little-endian float32 bytes, as OpenAI encodes `encoding_format: "base64"`. */
function base64Of(values: number[]): string {
  return Buffer.from(new Float32Array(values).buffer).toString('base64');
}

describe('parseOpenAiEmbeddingResponse', () => {
  it('reads float vectors in index order, and usage', () => {
    const parsed = parseOpenAiEmbeddingResponse(
      {
        object: 'list',
        data: [
          { object: 'embedding', index: 1, embedding: [0.5, -0.25] },
          { object: 'embedding', index: 0, embedding: [0.125, 1] },
        ],
        model: 'text-embedding-3-small',
        usage: { prompt_tokens: 9, total_tokens: 9 },
      },
      'openai',
    );
    assert.deepEqual(parsed, { model: 'text-embedding-3-small', vectors: [[0.125, 1], [0.5, -0.25]], usage: { inputTokens: 9 } });
  });

  it('decodes base64 embeddings to the exact float32 values', () => {
    const values = [0.1, -0.2, 0.3333333, 1e-7];
    const parsed = parseOpenAiEmbeddingResponse({ data: [{ index: 0, embedding: base64Of(values) }], model: 'm', usage: { prompt_tokens: 1 } }, 'openai');
    assert.deepEqual(parsed.vectors[0], Array.from(new Float32Array(values)));
  });

  it('keeps order when a compatible omits index, and counts no usage as 0', () => {
    const parsed = parseOpenAiEmbeddingResponse({ data: [{ embedding: [1] }, { embedding: [2] }] }, 'ollama');
    assert.deepEqual(parsed.vectors, [[1], [2]]);
    assert.equal(parsed.usage.inputTokens, 0);
  });

  it('a body without vectors is a 502 naming the provider', () => {
    assert.throws(() => parseOpenAiEmbeddingResponse({ data: [{ embedding: { nope: 1 } }] }, 'mistral'), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.status, 502);
      assert.match(error.message, /mistral/);
      return true;
    });
  });
});
