import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mediaCostNanos } from './media-cost.ts';
import type { Pricing } from '../routing/catalog/catalog-schema.ts';

const priced = (fields: Partial<Pricing>) => ({ input: 0, output: 0, cache_read: null, cache_write: null, ...fields }) as Pricing;

describe('mediaCostNanos', () => {
  it('prices images, seconds and minutes exactly', () => {
    assert.equal(mediaCostNanos({ images: 4 }, priced({ per_image: 0.003 })), 12_000_000n);
    assert.equal(mediaCostNanos({ seconds: 8 }, priced({ per_second: 0.4 })), 3_200_000_000n);
    assert.equal(mediaCostNanos({ seconds: 90 }, priced({ per_minute: 0.0043 })), 6_450_000n);
    assert.equal(mediaCostNanos({ characters: 1500 }, priced({ per_1k_characters: 0.3 })), 450_000_000n);
  });

  it('is null for units the offer has no price for, and for no offer', () => {
    assert.equal(mediaCostNanos({ images: 1 }, priced({ per_second: 0.1 })), null);
    assert.equal(mediaCostNanos({ images: 1 }, undefined), null);
  });
});

describe('mediaCostNanos for token-priced media', () => {
  it('bills the tokens, image tokens at their own price, and not the estimate-only per-image price', () => {
    const pricing = priced({ input: 5, output: 40, output_image: 40, input_image: 10, per_image: 0.25 });
    assert.equal(mediaCostNanos({ images: 1, inputTokens: 100, outputTokens: 1000, outputImageTokens: 1000 }, pricing), 40_500_000n);
  });
});
