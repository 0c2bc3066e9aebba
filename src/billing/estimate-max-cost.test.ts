import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CanonicalRequest } from '../core/request.ts';
import { DEFAULT_MAX_OUTPUT_TOKENS, estimateMaxCost, estimatePromptTokens, IMAGE_TOKEN_ALLOWANCE } from './estimate-max-cost.ts';
import { nanoPricing } from './offer-prices.ts';

const pricing = nanoPricing({ input: 1, output: 10, cache_read: null, cache_write: null });
const text = (body: string): CanonicalRequest => ({ model: 'm', stream: false, messages: [{ role: 'user', content: [{ type: 'text', text: body }] }] });

test('prompt tokens are estimated at 3 bytes a token; images get a fixed allowance whatever their size', () => {
  const plain = estimatePromptTokens(text('x'.repeat(3000)));
  assert.ok(plain >= 1000 && plain < 1030, String(plain));
  const withImage: CanonicalRequest = text('x'.repeat(3000));
  withImage.messages.push({ role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'A'.repeat(3_000_000) } }] });
  const estimated = estimatePromptTokens(withImage);
  assert.ok(estimated - plain >= IMAGE_TOKEN_ALLOWANCE && estimated - plain < IMAGE_TOKEN_ALLOWANCE + 30, String(estimated - plain));
});

test('the output ceiling is max_tokens, else the model’s max output, else a default', () => {
  const prompt = estimatePromptTokens(text('hi'));
  assert.equal(estimateMaxCost({ ...text('hi'), maxTokens: 500 }, pricing), BigInt(prompt) * 1000n + 500n * 10_000n);
  assert.equal(estimateMaxCost(text('hi'), pricing, 8192), BigInt(prompt) * 1000n + 8192n * 10_000n);
  assert.equal(estimateMaxCost(text('hi'), pricing), BigInt(prompt) * 1000n + BigInt(DEFAULT_MAX_OUTPUT_TOKENS) * 10_000n);
});

test('unpriced models reserve nothing', () => {
  assert.equal(estimateMaxCost(text('hi'), undefined), 0n);
});
