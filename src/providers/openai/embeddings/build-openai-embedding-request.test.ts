import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { EmbeddingRequest } from '../../../core/embeddings.ts';
import { GatewayError } from '../../../core/errors.ts';
import { findProvider } from '../../provider-table.ts';
import type { ProviderSettings } from '../../provider-adapter.ts';

const texts: EmbeddingRequest = { model: 'x', input: ['first', 'second'], dimensions: 256, encodingFormat: 'base64', user: 'user-7' };

/** The request a provider-table row's embeddings adapter builds, with its settings from `env`. */
async function build(providerId: string, env: Record<string, string>, model: string, request: EmbeddingRequest = texts) {
  const provider = findProvider(providerId)!;
  const settings = provider.settingsFromEnv(env) as ProviderSettings;
  const adapter = provider.embeddingAdapterFor?.(model);
  assert.ok(adapter, `${providerId} offers embeddings`);
  const upstream = await adapter.buildRequest(request, model, settings);
  return { upstream, body: JSON.parse(upstream.body ?? '{}') };
}

describe('OpenAI-shaped embeddings requests', () => {
  it('OpenAI: {base}/embeddings with dimensions, base64 (exact and smaller), user and a bearer key', async () => {
    const { upstream, body } = await build('openai', { OPENAI_API_KEY: 'sk-test' }, 'text-embedding-3-small');
    assert.equal(upstream.url, 'https://api.openai.com/v1/embeddings');
    assert.equal(upstream.method, 'POST');
    assert.equal(upstream.headers.authorization, 'Bearer sk-test');
    assert.deepEqual(body, { model: 'text-embedding-3-small', input: ['first', 'second'], dimensions: 256, encoding_format: 'base64', user: 'user-7' });
  });

  it('OpenAI: token arrays pass through; float is the default and not spelled out', async () => {
    const { body } = await build('openai', { OPENAI_API_KEY: 'k' }, 'text-embedding-3-large', { model: 'x', input: [[1, 2, 3]], encodingFormat: 'float' });
    assert.deepEqual(body, { model: 'text-embedding-3-large', input: [[1, 2, 3]] });
  });

  it('Mistral: output_dimension for dimensions, and no user or encoding_format (its schema is strict)', async () => {
    const { upstream, body } = await build('mistral', { MISTRAL_API_KEY: 'm' }, 'mistral-embed');
    assert.equal(upstream.url, 'https://api.mistral.ai/v1/embeddings');
    assert.deepEqual(body, { model: 'mistral-embed', input: ['first', 'second'], output_dimension: 256 });
  });

  it('Together: dimensions is a clear 400; token arrays are too', async () => {
    await assert.rejects(build('together', { TOGETHER_API_KEY: 't' }, 'BAAI/bge-large-en-v1.5'), (error: unknown) => {
      assert.ok(error instanceof GatewayError);
      assert.equal(error.code, 'unsupported_feature');
      assert.equal(error.param, 'dimensions');
      assert.match(error.message, /together/);
      return true;
    });
    await assert.rejects(
      build('together', { TOGETHER_API_KEY: 't' }, 'BAAI/bge-large-en-v1.5', { model: 'x', input: [[1, 2]], encodingFormat: 'float' }),
      (error: unknown) => error instanceof GatewayError && error.param === 'input' && error.status === 400,
    );
  });

  it('Fireworks: its own base URL and dimensions', async () => {
    const { upstream, body } = await build('fireworks', { FIREWORKS_API_KEY: 'f' }, 'nomic-ai/nomic-embed-text-v1.5');
    assert.equal(upstream.url, 'https://api.fireworks.ai/inference/v1/embeddings');
    assert.equal(body.dimensions, 256);
  });

  it('providers without an embeddings API have no embeddings adapter', () => {
    for (const id of ['anthropic', 'groq', 'deepseek', 'xai']) assert.equal(findProvider(id)?.embeddingAdapterFor?.('m'), undefined, id);
  });
});
