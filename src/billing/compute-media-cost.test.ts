import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalog } from '../routing/catalog/load-catalog.ts';
import type { Pricing } from '../routing/catalog/catalog-schema.ts';
import { computeMediaCost } from './compute-media-cost.ts';

const catalog = loadCatalog();
const pricing = (id: string, provider = 0) => catalog.get(id)!.providers[provider].pricing;

describe('computeMediaCost', () => {
  it('prices DALL·E 3 per image by size and quality, falling back to per_image', () => {
    const dalle = pricing('openai/dall-e-3');
    assert.deepEqual(computeMediaCost({ images: 1 }, dalle, { size: '1024x1024', quality: 'standard' }), { costNanos: 40_000_000n, basis: 'units' });
    assert.equal(computeMediaCost({ images: 1 }, dalle, { size: '1792x1024', quality: 'hd' })?.costNanos, 120_000_000n);
    assert.equal(computeMediaCost({ images: 1 }, dalle, {})?.costNanos, 40_000_000n);
  });

  it('bills gpt-image-1 by its tokens when reported (image and text apart), by the per-image estimate otherwise', () => {
    const gpt = pricing('openai/gpt-image-1');
    const tokens = computeMediaCost({ images: 1, inputTokens: 100, inputImageTokens: 60, outputTokens: 1056, outputImageTokens: 1056 }, gpt, {});
    // 40 text × $5/M + 60 image × $10/M + 1056 × $40/M
    assert.deepEqual(tokens, { costNanos: 40n * 5_000n + 60n * 10_000n + 1056n * 40_000n, basis: 'tokens' });
    assert.equal(computeMediaCost({ images: 2 }, gpt, { quality: 'low', size: '1024x1024' })?.costNanos, 22_000_000n);
  });

  it('prices audio per minute and per second exactly, fractional seconds included, and speech per character', () => {
    assert.equal(computeMediaCost({ seconds: 3.2 }, pricing('openai/whisper-1'))?.costNanos, 320_000n);
    assert.equal(computeMediaCost({ seconds: 61 }, pricing('deepgram/nova-3'))?.costNanos, 4_371_667n, 'rounded up to the nano');
    assert.equal(computeMediaCost({ characters: 1234 }, pricing('elevenlabs/eleven-multilingual-v2'))?.costNanos, 123_400_000n);
    assert.equal(computeMediaCost({ characters: 1000 }, pricing('openai/tts-1'))?.costNanos, 15_000_000n);
    assert.equal(computeMediaCost({ seconds: 2 }, { input: 0, output: 0, cache_read: null, cache_write: null, per_second: 0.05 })?.costNanos, 100_000_000n);
  });

  it('is null for an unpriced model, 0 for units the offer does not price', () => {
    assert.equal(computeMediaCost({ images: 1 }, undefined), null);
    assert.equal(computeMediaCost({ seconds: 10 }, pricing('google/imagen-4'))?.costNanos, 0n);
  });

  // Carried over from the job runner's former copy (src/jobs/media-cost.ts): jobs are charged by this function now.
  it('prices job units exactly: images, seconds, minutes, characters, and token-priced images by their tokens', () => {
    const priced = (fields: Partial<Pricing>): Pricing => ({ input: 0, output: 0, cache_read: null, cache_write: null, ...fields });
    assert.equal(computeMediaCost({ images: 4 }, priced({ per_image: 0.003 }))?.costNanos, 12_000_000n);
    assert.equal(computeMediaCost({ seconds: 8 }, priced({ per_second: 0.4 }))?.costNanos, 3_200_000_000n);
    assert.equal(computeMediaCost({ seconds: 90 }, priced({ per_minute: 0.0043 }))?.costNanos, 6_450_000n);
    assert.equal(computeMediaCost({ characters: 1500 }, priced({ per_1k_characters: 0.3 }))?.costNanos, 450_000_000n);
    const tokens = priced({ input: 5, output: 40, output_image: 40, input_image: 10, per_image: 0.25 });
    assert.deepEqual(computeMediaCost({ images: 1, inputTokens: 100, outputTokens: 1000, outputImageTokens: 1000 }, tokens), { costNanos: 40_500_000n, basis: 'tokens' });
    assert.equal(computeMediaCost({ images: 1 }, priced({ per_second: 0.1 }))?.costNanos, 0n, 'units the offer does not price cost nothing');
  });
});
