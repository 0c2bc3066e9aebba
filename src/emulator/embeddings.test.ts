import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startEmulator, type Emulator } from './index.ts';

let emulator: Emulator;
before(async () => {
  emulator = await startEmulator({ port: 0 });
});
after(() => emulator.close());

async function post(path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${emulator.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

describe('emulated embeddings', () => {
  it('OpenAI: deterministic unit vectors of the model size, usage ceil(chars / 4)', async () => {
    const first = await post('/openai/v1/embeddings', { model: 'text-embedding-3-large', input: 'hello world' }, { authorization: 'Bearer k' });
    const again = await post('/openai/v1/embeddings', { model: 'text-embedding-3-large', input: ['hello world'] }, { authorization: 'Bearer k' });
    assert.equal(first.status, 200);
    assert.equal(first.body.data[0].embedding.length, 3072);
    assert.deepEqual(first.body.data[0].embedding, again.body.data[0].embedding);
    assert.deepEqual(first.body.usage, { prompt_tokens: 3, total_tokens: 3 });
  });

  it('OpenAI: ada-002 refuses dimensions, a missing model is a 404, no key is a 401', async () => {
    const ada = await post('/openai/v1/embeddings', { model: 'text-embedding-ada-002', input: 'x', dimensions: 8 }, { authorization: 'Bearer k' });
    assert.equal(ada.status, 400);
    assert.equal(ada.body.error.param, 'dimensions');
    assert.equal((await post('/openai/v1/embeddings', { model: 'missing-model', input: 'x' }, { authorization: 'Bearer k' })).status, 404);
    assert.equal((await post('/openai/v1/embeddings', { model: 'm', input: 'x' }, {})).status, 401);
  });

  it('Gemini: :embedContent answers one embedding; truncated vectors are not re-normalised, as Google documents', async () => {
    const { status, body } = await post('/google/v1beta/models/gemini-embedding-001:embedContent', { content: { parts: [{ text: 'hi' }] }, outputDimensionality: 16 }, { 'x-goog-api-key': 'k' });
    assert.equal(status, 200);
    assert.equal(body.embedding.values.length, 16);
    const norm = Math.sqrt(body.embedding.values.reduce((sum: number, v: number) => sum + v * v, 0));
    assert.ok(norm < 0.999);
  });

  it('Gemini: a batch request naming another model is a 400 INVALID_ARGUMENT', async () => {
    const { status, body } = await post(
      '/google/v1beta/models/gemini-embedding-001:batchEmbedContents',
      { requests: [{ model: 'models/text-embedding-004', content: { parts: [{ text: 'hi' }] } }] },
      { 'x-goog-api-key': 'k' },
    );
    assert.equal(status, 400);
    assert.equal(body.error.status, 'INVALID_ARGUMENT');
  });
});
