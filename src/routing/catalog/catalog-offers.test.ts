import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { providerTable } from '../../providers/provider-table.ts';
import { loadCatalog } from './load-catalog.ts';

// Bedrock's adapter is being added to the provider table separately; its offers are listed already.
const knownProviders = new Set([...providerTable.map((p) => p.id), 'bedrock']);

describe('the shipped catalog’s offers', () => {
  const catalog = loadCatalog();

  it('name only known provider ids', () => {
    for (const model of catalog.list()) {
      for (const offer of model.providers) assert.ok(knownProviders.has(offer.provider), `${model.id}: unknown provider '${offer.provider}'`);
      const ids = model.providers.map((offer) => offer.provider);
      assert.equal(new Set(ids).size, ids.length, `${model.id}: one offer per provider`);
    }
  });

  it('list models served by several providers in the default preference order, each with its own model id', () => {
    const order = (id: string) => catalog.get(id)?.providers.map((offer) => `${offer.provider}:${offer.model}`);
    assert.deepEqual(order('anthropic/claude-sonnet-4-5'), [
      'anthropic:claude-sonnet-4-5-20250929',
      'bedrock:global.anthropic.claude-sonnet-4-5-20250929-v1:0',
      'vertex:claude-sonnet-4-5@20250929',
    ]);
    assert.deepEqual(order('anthropic/claude-haiku-4-5'), [
      'anthropic:claude-haiku-4-5-20251001',
      'bedrock:global.anthropic.claude-haiku-4-5-20251001-v1:0',
      'vertex:claude-haiku-4-5@20251001',
    ]);
    assert.deepEqual(order('anthropic/claude-opus-4-1')?.map((o) => o.split(':')[0]), ['anthropic', 'bedrock', 'vertex']);
    assert.deepEqual(order('google/gemini-2.5-pro'), ['google:gemini-2.5-pro', 'vertex:gemini-2.5-pro']);
    assert.deepEqual(order('google/gemini-2.5-flash'), ['google:gemini-2.5-flash', 'vertex:gemini-2.5-flash']);
    for (const id of ['openai/gpt-4o-mini', 'openai/gpt-4.1', 'openai/gpt-5', 'openai/o3']) {
      const model = id.slice('openai/'.length);
      assert.deepEqual(order(id), [`openai:${model}`, `azure:${model}`], id);
    }
    assert.deepEqual(order('meta-llama/llama-3.3-70b-instruct'), [
      'groq:llama-3.3-70b-versatile',
      'together:meta-llama/Llama-3.3-70B-Instruct-Turbo',
      'fireworks:accounts/fireworks/models/llama-v3p3-70b-instruct',
    ]);
  });

  it('has the open and third-party models, found by their upstream ids too', () => {
    for (const id of ['deepseek/deepseek-chat', 'deepseek/deepseek-reasoner', 'mistralai/mistral-large', 'mistralai/mistral-small', 'x-ai/grok-4', 'x-ai/grok-3-mini']) {
      assert.ok(catalog.get(id), id);
    }
    assert.equal(catalog.findByUpstreamId('llama-3.3-70b-versatile')?.id, 'meta-llama/llama-3.3-70b-instruct');
    assert.equal(catalog.findByUpstreamId('deepseek-reasoner')?.id, 'deepseek/deepseek-reasoner');
    assert.equal(catalog.findByUpstreamId('grok-4')?.id, 'x-ai/grok-4');
    assert.equal(catalog.get('deepseek/deepseek-chat')?.providers[0].pricing.cache_read, 0.028, 'DeepSeek’s cache-hit price');
  });

  it('prices Claude on Bedrock’s global profiles as Anthropic does, and Vertex’s regional endpoints 10% above', () => {
    const sonnet = catalog.get('anthropic/claude-sonnet-4-5')!.providers;
    assert.deepEqual(sonnet[1].pricing, sonnet[0].pricing);
    assert.equal(sonnet[2].pricing.input, 3.3);
    assert.equal(sonnet[2].pricing.output, 16.5);
  });
});
