import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';
import { startStack, type Stack } from './stack.ts';

/** `POST /v1/embeddings` through the official openai SDK, the gateway and the emulator. */
let stack: Stack;
let client: OpenAI;

before(async () => {
  stack = await startStack();
  client = new OpenAI({ baseURL: `${stack.gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
});
after(() => stack.close());

const texts = ['The quick brown fox', 'jumps over', 'the lazy dog, twice over'];

function norm(vector: readonly number[]): number {
  return Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));
}

const cases = [
  { model: 'openai/text-embedding-3-small', provider: 'openai', size: 1536 },
  { model: 'google/gemini-embedding-001', provider: 'google', size: 3072 },
];

for (const { model, provider, size } of cases) {
  describe(`openai SDK → gateway → ${provider} embeddings`, () => {
    test('three inputs give three unit vectors of the model’s size, in input order, with usage', async () => {
      const { data: result, response } = await client.embeddings.create({ model, input: texts, encoding_format: 'float' }).withResponse();
      assert.equal(response.headers.get('x-switchyard-provider'), provider);
      assert.equal(response.headers.get('x-switchyard-model'), model);
      assert.equal(result.object, 'list');
      assert.equal(result.model, model);
      assert.deepEqual(result.data.map((item) => item.index), [0, 1, 2]);
      for (const item of result.data) {
        assert.equal(item.object, 'embedding');
        assert.equal(item.embedding.length, size);
        assert.ok(Math.abs(norm(item.embedding) - 1) < 1e-6);
      }
      // Order: each vector is the one its text gets alone.
      const alone = await client.embeddings.create({ model, input: texts[2], encoding_format: 'float' });
      assert.deepEqual(alone.data[0].embedding, result.data[2].embedding);
      assert.notDeepEqual(result.data[0].embedding, result.data[1].embedding);
      const tokens = texts.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0);
      assert.deepEqual(result.usage, { prompt_tokens: tokens, total_tokens: tokens });
    });

    test('base64 (the SDK’s default) decodes to the same vectors at float32 precision', async () => {
      const floats = await client.embeddings.create({ model, input: texts, encoding_format: 'float' });
      const decoded = await client.embeddings.create({ model, input: texts });
      for (let i = 0; i < texts.length; i++) assert.deepEqual(decoded.data[i].embedding, floats.data[i].embedding.map(Math.fround));
      const raw = await client.embeddings.create({ model, input: 'hi', encoding_format: 'base64' });
      assert.equal(typeof raw.data[0].embedding, 'string');
      assert.equal(Buffer.from(raw.data[0].embedding as unknown as string, 'base64').length, size * 4);
    });

    test('dimensions shortens the vectors, still at unit length', async () => {
      const result = await client.embeddings.create({ model, input: texts, dimensions: 256, encoding_format: 'float' });
      for (const item of result.data) {
        assert.equal(item.embedding.length, 256);
        assert.ok(Math.abs(norm(item.embedding) - 1) < 1e-6);
      }
    });
  });
}

test('Gemini receives one batchEmbedContents call naming models/{model} per input', async () => {
  await stack.control('DELETE', 'requests');
  await client.embeddings.create({ model: 'google/gemini-embedding-001', input: texts, dimensions: 768 });
  const { requests } = (await stack.control('GET', 'requests')) as { requests: Array<{ path: string; body: { requests: unknown[] } }> };
  assert.equal(requests.length, 1);
  assert.equal(requests[0].path, '/google/v1beta/models/gemini-embedding-001:batchEmbedContents');
  assert.deepEqual(requests[0].body.requests[0], { model: 'models/gemini-embedding-001', content: { parts: [{ text: texts[0] }] }, outputDimensionality: 768 });
});

describe('embeddings errors in the OpenAI shape', () => {
  test('an unknown model is a 404 NotFoundError', async () => {
    await assert.rejects(client.embeddings.create({ model: 'nobody/nothing', input: 'x' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.NotFoundError, String(error));
      assert.match(error.message, /nobody\/nothing/);
      return true;
    });
  });

  test('a chat model is a 400 saying it is not an embedding model', async () => {
    await assert.rejects(client.embeddings.create({ model: 'openai/gpt-4o-mini', input: 'x' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.match(error.message, /not an embedding model/);
      return true;
    });
  });

  test('an embedding model on /v1/chat/completions is a 400 pointing to /v1/embeddings', async () => {
    await assert.rejects(
      client.chat.completions.create({ model: 'openai/text-embedding-3-small', messages: [{ role: 'user', content: 'hi' }] }),
      (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError, String(error));
        assert.match(error.message, /\/v1\/embeddings/);
        return true;
      },
    );
  });

  test('token arrays are a 400 for Gemini, which only takes text', async () => {
    await assert.rejects(client.embeddings.create({ model: 'google/gemini-embedding-001', input: [[1, 2, 3]] }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.match(error.message, /google/);
      return true;
    });
  });

  test('malformed JSON and a missing input are 400 invalid_request_error', async () => {
    for (const body of ['{"model": ', JSON.stringify({ model: 'openai/text-embedding-3-small' })]) {
      const response = await fetch(`${stack.gateway.url}/v1/embeddings`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      assert.equal(response.status, 400);
      const error = ((await response.json()) as { error: { type: string } }).error;
      assert.equal(error.type, 'invalid_request_error');
    }
  });

  test('an upstream 429 reaches the client as a RateLimitError with retry-after', async () => {
    await stack.control('POST', 'faults', { provider: 'openai', fault: { status: 429, retry_after: 3 }, times: 1 });
    await assert.rejects(client.embeddings.create({ model: 'openai/text-embedding-3-small', input: 'x' }), (error: unknown) => {
      assert.ok(error instanceof OpenAI.RateLimitError, String(error));
      assert.equal(error.headers.get('retry-after'), '3');
      return true;
    });
  });
});

describe('an OpenAI-compatible provider (Ollama) with more inputs than one call takes', () => {
  test('inputs are split into batches and the vectors come back in input order', async () => {
    const { startEmulator } = await import('../../src/emulator/index.ts');
    const ollama = await startEmulator({ port: 0 });
    const local = await startStack({ env: { OLLAMA_BASE_URL: `${ollama.url}/openai/v1`, OLLAMA_API_KEY: 'ollama' } /* the emulator wants a key */ });
    try {
      const sdk = new OpenAI({ baseURL: `${local.gateway.url}/v1`, apiKey: 'local', maxRetries: 0 });
      const inputs = Array.from({ length: 300 }, (_, i) => `input number ${i}`);
      const result = await sdk.embeddings.create({ model: 'ollama/nomic-embed-text', input: inputs, dimensions: 8, encoding_format: 'float' });
      assert.equal(result.data.length, 300);
      const calls = ollama.requests().map((request) => (request.body as { input: string[] }).input);
      assert.deepEqual(calls.map((input) => input.length), [256, 44]);
      const last = await sdk.embeddings.create({ model: 'ollama/nomic-embed-text', input: inputs[299], dimensions: 8, encoding_format: 'float' });
      assert.deepEqual(result.data[299].embedding, last.data[0].embedding);
      assert.equal(result.usage.prompt_tokens, inputs.reduce((sum, text) => sum + Math.ceil(text.length / 4), 0));
    } finally {
      await local.close();
      await ollama.close();
    }
  });
});
