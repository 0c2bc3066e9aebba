import type { Usage } from '../core/usage.ts';
import type { NanoPriceTier, NanoPricing } from './offer-prices.ts';
import type { Nanos } from './nanos.ts';

const TOKENS_PER_PRICE_UNIT = 1_000_000n;

/** What a request cost and how the provider would itemise it. */
export type Cost = {
  /** The whole request, in nano-dollars, rounded up once. */
  costNanos: Nanos;
  /** `long_context` when the prompt passed the offer's threshold and the whole request was billed higher. */
  tier: 'standard' | 'long_context';
  uncachedInputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  outputTokens: number;
};

/**
 * The cost of one request as the serving provider bills it, from canonical usage:
 * - uncached input (`inputTokens − cacheRead − cacheWrite`) at `input`;
 * - cache reads at `cache_read`, cache writes at `cache_write` (each falling back to `input`);
 * - output, reasoning included, at `output`;
 * - when `inputTokens` exceeds the long-context threshold, every token at the long-context tier
 *   (Gemini 2.5 Pro and Claude Sonnet 4.5 above 200k bill the whole request higher, not the excess).
 * The exact product `tokens × nanos-per-million` is summed in BigInt and divided by a million
 * once, rounding up: a request never costs less than its exact price, and by under a nano-dollar more.
 * Returns null when the model is unpriced (passthrough `provider/model`): unknown, not free.
 */
export function computeCost(usage: Usage, pricing: NanoPricing | undefined): Cost | null {
  if (!pricing) return null;
  const inputTokens = whole(usage.inputTokens);
  const cacheReadTokens = Math.min(whole(usage.cacheReadTokens), inputTokens);
  const cacheWriteTokens = Math.min(whole(usage.cacheWriteTokens), inputTokens - cacheReadTokens);
  const uncachedInputTokens = inputTokens - cacheReadTokens - cacheWriteTokens;
  const outputTokens = whole(usage.outputTokens);
  const long = pricing.longContext && inputTokens > pricing.longContext.threshold ? pricing.longContext : undefined;
  const prices: NanoPriceTier = long ?? pricing;
  const scaled =
    BigInt(uncachedInputTokens) * prices.input +
    BigInt(cacheReadTokens) * prices.cacheRead +
    BigInt(cacheWriteTokens) * prices.cacheWrite +
    BigInt(outputTokens) * prices.output;
  return {
    costNanos: divideRoundingUp(scaled, TOKENS_PER_PRICE_UNIT),
    tier: long ? 'long_context' : 'standard',
    uncachedInputTokens,
    cacheReadTokens,
    cacheWriteTokens,
    outputTokens,
  };
}

/** Token counts as non-negative integers, whatever a provider reported. */
function whole(tokens: number | undefined): number {
  return tokens !== undefined && Number.isFinite(tokens) && tokens > 0 ? Math.floor(tokens) : 0;
}

export function divideRoundingUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator + denominator - 1n) / denominator;
}
