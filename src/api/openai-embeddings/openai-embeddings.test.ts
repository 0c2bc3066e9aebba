import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../../core/errors.ts';
import { parseEmbeddingsRequest } from './parse-embeddings-request.ts';
import { renderEmbeddingsResponse } from './render-embeddings-response.ts';

describe('parseEmbeddingsRequest', () => {
  it('one string is one input; float is the default format', () => {
    assert.deepEqual(parseEmbeddingsRequest({ model: 'openai/text-embedding-3-small', input: 'hello' }), {
      model: 'openai/text-embedding-3-small',
      input: ['hello'],
      encodingFormat: 'float',
    });
  });

  it('keeps strings in order, with dimensions, encoding_format and user', () => {
    const request = parseEmbeddingsRequest({ model: 'm', input: ['a', 'b', 'c'], dimensions: 64, encoding_format: 'base64', user: 'u' });
    assert.deepEqual(request, { model: 'm', input: ['a', 'b', 'c'], dimensions: 64, encodingFormat: 'base64', user: 'u' });
  });

  it('one token array is one input; several are several', () => {
    assert.deepEqual(parseEmbeddingsRequest({ model: 'm', input: [1, 2, 3] }).input, [[1, 2, 3]]);
    assert.deepEqual(parseEmbeddingsRequest({ model: 'm', input: [[1], [2, 3]] }).input, [[1], [2, 3]]);
  });

  for (const [name, body, param] of [
    ['a missing input', { model: 'm' }, 'input'],
    ['an empty string', { model: 'm', input: '' }, 'input'],
    ['an empty array', { model: 'm', input: [] }, 'input'],
    ['mixed strings and numbers', { model: 'm', input: ['a', 1] }, 'input'],
    ['a missing model', { input: 'x' }, 'model'],
    ['zero dimensions', { model: 'm', input: 'x', dimensions: 0 }, 'dimensions'],
    ['an unknown encoding_format', { model: 'm', input: 'x', encoding_format: 'int8' }, 'encoding_format'],
  ] as const) {
    it(`${name} is a 400 naming ${param}`, () => {
      assert.throws(() => parseEmbeddingsRequest(body), (error: unknown) => {
        assert.ok(error instanceof GatewayError);
        assert.equal(error.status, 400);
        assert.match(`${error.param} ${error.message}`, new RegExp(param));
        return true;
      });
    });
  }
});

describe('renderEmbeddingsResponse', () => {
  const response = { model: 'text-embedding-3-small', vectors: [[0.1, -0.5], [1, 2.5]], usage: { inputTokens: 7 } };

  it('renders OpenAI’s list shape with the requested model and usage', () => {
    const body = renderEmbeddingsResponse(response, { model: 'openai/text-embedding-3-small', input: ['a', 'b'], encodingFormat: 'float' });
    assert.deepEqual(body, {
      object: 'list',
      data: [
        { object: 'embedding', index: 0, embedding: [0.1, -0.5] },
        { object: 'embedding', index: 1, embedding: [1, 2.5] },
      ],
      model: 'openai/text-embedding-3-small',
      usage: { prompt_tokens: 7, total_tokens: 7 },
    });
  });

  it('base64 is little-endian float32, byte for byte', () => {
    const body = renderEmbeddingsResponse(response, { model: 'm', input: ['a', 'b'], encodingFormat: 'base64' });
    // 1.0f = 0x3F800000 and 2.5f = 0x40200000, least significant byte first.
    assert.equal(body.data[1].embedding, Buffer.from([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0x40]).toString('base64'));
    // What the openai SDK does with it (toFloat32Array): the float32 rounding of each value.
    const bytes = Buffer.from(body.data[0].embedding as string, 'base64');
    assert.deepEqual(Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4)), [Math.fround(0.1), -0.5]);
  });
});
