import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../routing/catalog/load-catalog.ts';
import { convertAnthropicUsage } from '../providers/anthropic/convert-anthropic-usage.ts';
import { convertGeminiUsage } from '../providers/google/convert-gemini-usage.ts';
import { convertOpenAiUsage } from '../providers/openai/convert-openai-usage.ts';
import { computeCost } from './compute-cost.ts';
import { readFixtureChunks } from '../testing/recorded-fixtures.ts';
import { nanoPricing } from './offer-prices.ts';

const catalog = loadCatalog();
const chunks = (path: string) => readFixtureChunks<Record<string, any>>(path);

function pricingOf(modelId: string, provider: string) {
  const offer = catalog.get(modelId)?.providers.find((candidate) => candidate.provider === provider);
  assert.ok(offer, `${modelId} is offered by ${provider}`);
  return nanoPricing(offer.pricing);
}

describe('computeCost bills as each provider does', () => {
  test('OpenAI: cached prompt tokens at cache_read, the rest at input', () => {
    // gpt-4o-mini: $0.15 input, $0.075 cached, $0.60 output per million.
    const usage = convertOpenAiUsage({ prompt_tokens: 1000, completion_tokens: 50, total_tokens: 1050, prompt_tokens_details: { cached_tokens: 600 } });
    const cost = computeCost(usage, pricingOf('openai/gpt-4o-mini', 'openai'));
    // 400 × 150,000,000 + 600 × 75,000,000 + 50 × 600,000,000 = 135e9 nano·tokens/M → 135,000 nanos.
    assert.equal(cost?.costNanos, 135_000n);
    assert.deepEqual({ ...cost, costNanos: undefined }, { costNanos: undefined, tier: 'standard', uncachedInputTokens: 400, cacheReadTokens: 600, cacheWriteTokens: 0, outputTokens: 50 });
  });

  test('Anthropic: cache reads and cache writes each at their own price (fixtures/anthropic/stream-server-tool-prompt-cache)', () => {
    const finalDelta = chunks('anthropic/stream-server-tool-prompt-cache.chunks.txt').findLast((event) => event.type === 'message_delta');
    const usage = convertAnthropicUsage(finalDelta!.usage);
    assert.deepEqual([usage.inputTokens, usage.cacheReadTokens, usage.cacheWriteTokens, usage.outputTokens], [9632, 6289, 3337, 198]);
    // Sonnet 4.5: 6 × $3 + 3337 × $3.75 + 6289 × $0.30 + 198 × $15 per million = $0.01738845.
    assert.equal(computeCost(usage, pricingOf('anthropic/claude-sonnet-4-5', 'anthropic'))?.costNanos, 17_388_450n);
  });

  test('Gemini: thoughts are billed as output (fixtures/gemini/stream-thoughts)', () => {
    const last = chunks('gemini/stream-thoughts.chunks.txt').findLast((chunk) => chunk.usageMetadata?.thoughtsTokenCount !== undefined);
    const usage = convertGeminiUsage(last!.usageMetadata);
    assert.deepEqual([usage.inputTokens, usage.outputTokens], [9, 285]);
    // Gemini 2.5 Pro: 9 × $1.25 + (29 + 256) × $10 per million.
    assert.equal(computeCost(usage, pricingOf('google/gemini-2.5-pro', 'google'))?.costNanos, 2_861_250n);
  });

  test('Gemini: cached content at cache_read; no cache_write price means writes cost input', () => {
    const usage = convertGeminiUsage({ promptTokenCount: 10_000, cachedContentTokenCount: 8_000, candidatesTokenCount: 100, thoughtsTokenCount: 50, totalTokenCount: 10_150 });
    // Flash: 2000 × $0.30 + 8000 × $0.03 + 150 × $2.50 per million.
    assert.equal(computeCost(usage, pricingOf('google/gemini-2.5-flash', 'google'))?.costNanos, 1_215_000n);
    const writes = computeCost({ inputTokens: 1000, cacheWriteTokens: 1000, outputTokens: 0 }, pricingOf('google/gemini-2.5-flash', 'google'));
    assert.equal(writes?.costNanos, 300_000n);
  });

  test('long context: past the threshold the whole request is billed at the higher tier', () => {
    const sonnet = pricingOf('anthropic/claude-sonnet-4-5', 'anthropic');
    const atThreshold = computeCost({ inputTokens: 200_000, outputTokens: 1000 }, sonnet);
    assert.equal(atThreshold?.tier, 'standard');
    assert.equal(atThreshold?.costNanos, 200_000n * 3000n + 1000n * 15_000n); // $0.615
    const past = computeCost({ inputTokens: 250_000, cacheReadTokens: 100_000, outputTokens: 1000 }, sonnet);
    assert.equal(past?.tier, 'long_context');
    // 150k × $6 + 100k × $0.60 + 1000 × $22.50 per million = $0.9825.
    assert.equal(past?.costNanos, 982_500_000n);
    const pro = computeCost({ inputTokens: 300_000, outputTokens: 2000, cacheReadTokens: 0 }, pricingOf('google/gemini-2.5-pro', 'google'));
    assert.equal(pro?.costNanos, 300_000n * 2500n + 2000n * 15_000n); // $0.78
  });

  test('the exact total is rounded up once per request, never per token class', () => {
    const tiny = nanoPricing({ input: 0.0000015, output: 0.0000015, cache_read: null, cache_write: null });
    assert.equal(tiny.input, 1500n);
    // 1 token × 1500 nanos/M = 0.0015 nanos → 1; 1000 tokens × 1500 + 1000 × 1500 = 3 nanos exactly.
    assert.equal(computeCost({ inputTokens: 1, outputTokens: 0 }, tiny)?.costNanos, 1n);
    assert.equal(computeCost({ inputTokens: 1000, outputTokens: 1000 }, tiny)?.costNanos, 3n);
    assert.equal(computeCost({ inputTokens: 0, outputTokens: 0 }, tiny)?.costNanos, 0n);
  });

  test('an unpriced model has an unknown cost, not zero', () => {
    assert.equal(computeCost({ inputTokens: 10, outputTokens: 10 }, undefined), null);
  });
});
