import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GatewayError } from '../core/errors.ts';
import { loadCatalog } from './catalog/load-catalog.ts';
import { parseProviderPreferences } from './provider-preferences.ts';
import { requestedModels, routeCandidates } from './route-candidates.ts';

const catalog = loadCatalog();
const configured = new Map(
  ['openai', 'anthropic', 'google', 'bedrock'].map((id) => [id, { id, baseUrl: `http://127.0.0.1:9/${id}`, apiKey: 'k', options: { region: 'us-east-1' } }]),
);
const route = (models: string[], body: Record<string, unknown> = {}) =>
  routeCandidates(models, parseProviderPreferences(body), catalog, configured).map((target) => `${target.provider.id}:${target.model?.id ?? target.upstreamModel}`);

describe('requestedModels', () => {
  test('model first, then the fallback list, without repeats', () => {
    assert.deepEqual(requestedModels('a/x', { models: ['b/y', 'a/x', 'c/z'] }), ['a/x', 'b/y', 'c/z']);
    assert.deepEqual(requestedModels('a/x', {}), ['a/x']);
    assert.throws(() => requestedModels('a/x', { models: 'b/y' }), (error: unknown) => error instanceof GatewayError && error.param === 'models');
  });
});

describe('routeCandidates', () => {
  test("each model's providers in order, models one after the other", () => {
    assert.deepEqual(route(['openai/gpt-4o-mini', 'google/gemini-2.5-flash']), ['openai:openai/gpt-4o-mini', 'google:google/gemini-2.5-flash']);
  });

  test('provider preferences apply to every model', () => {
    const all = route(['anthropic/claude-sonnet-4-5']);
    assert.ok(all.length > 1, 'the bundled catalog offers Claude from several providers');
    assert.deepEqual(route(['anthropic/claude-sonnet-4-5'], { provider: { only: ['anthropic'] } }), ['anthropic:anthropic/claude-sonnet-4-5']);
    assert.equal(route(['anthropic/claude-sonnet-4-5'], { provider: { order: ['bedrock'] } })[0], 'bedrock:anthropic/claude-sonnet-4-5');
    assert.deepEqual(route(['anthropic/claude-sonnet-4-5'], { provider: { allow_fallbacks: false } }), [all[0]]);
  });

  test('preferences that leave nobody are a 400 naming them', () => {
    assert.throws(
      () => route(['openai/gpt-4o-mini'], { provider: { only: ['google'], ignore: ['openai'] } }),
      (error: unknown) => error instanceof GatewayError && error.status === 400 && /only: \[google\]; ignore: \[openai\]/.test(error.message),
    );
  });

  test('an unknown model is a 404 even in a fallback list', () => {
    assert.throws(() => route(['openai/gpt-4o-mini', 'nobody/nothing']), (error: unknown) => error instanceof GatewayError && error.status === 404);
  });
});
