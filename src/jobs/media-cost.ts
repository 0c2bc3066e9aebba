import type { MediaUnits } from '../core/media.ts';
import { divideRoundingUp } from '../billing/compute-cost.ts';
import { parseUsdToNanos, type Nanos } from '../billing/nanos.ts';
import type { Pricing } from '../routing/catalog/catalog-schema.ts';

/** Unit prices with the quantity each one multiplies, and the divisor turning it into units. */
const unitPrices: Array<{ field: 'per_image' | 'per_megapixel' | 'per_second' | 'per_minute' | 'per_character' | 'per_1k_characters'; quantity: keyof MediaUnits; per: bigint }> = [
  { field: 'per_image', quantity: 'images', per: 1n },
  { field: 'per_megapixel', quantity: 'megapixels', per: 1n },
  { field: 'per_second', quantity: 'seconds', per: 1n },
  { field: 'per_minute', quantity: 'seconds', per: 60n },
  { field: 'per_character', quantity: 'characters', per: 1n },
  { field: 'per_1k_characters', quantity: 'characters', per: 1000n },
];

/** Quantities are priced in thousandths so fractional seconds and megapixels stay exact integers. */
const MILLI = 1000n;

/**
 * What media units cost at an offer's unit prices, in nano-dollars, rounded up once; null when
 * the offer has no unit price for any of the units (unpriced, not free). Token prices are the
 * chat path's business and are not added here.
 */
export function mediaCostNanos(units: MediaUnits, pricing: Pricing | undefined): Nanos | null {
  if (!pricing) return null;
  // A token-priced model (gpt-image-1) bills its tokens; its per-image price is only for estimates.
  const tokens = tokenCost(units, pricing);
  if (tokens !== null && (pricing.input > 0 || pricing.output > 0)) return tokens;
  let total = 0n;
  let priced = false;
  for (const { field, quantity, per } of unitPrices) {
    const price = pricing[field];
    const amount = units[quantity];
    if (price === undefined || amount === undefined) continue;
    const nanos = parseUsdToNanos(price);
    if (nanos === undefined) continue;
    priced = true;
    total += divideRoundingUp(nanos * BigInt(Math.round(Math.max(0, amount) * 1000)), per * MILLI);
  }
  return priced ? total : null;
}

/** Token-priced media (gpt-image-1, TTS by tokens): images and audio at their own per-million prices. */
function tokenCost(units: MediaUnits, pricing: Pricing): Nanos | null {
  if (units.inputTokens === undefined && units.outputTokens === undefined) return null;
  const perMillion = (usd: number | undefined) => parseUsdToNanos(usd ?? 0) ?? 0n;
  const count = (n: number | undefined) => BigInt(Math.max(0, Math.floor(n ?? 0)));
  const inputOther = count(units.inputTokens) - count(units.inputImageTokens) - count(units.inputAudioTokens);
  const outputOther = count(units.outputTokens) - count(units.outputImageTokens) - count(units.outputAudioTokens);
  const scaled =
    (inputOther > 0n ? inputOther : 0n) * perMillion(pricing.input) +
    count(units.inputImageTokens) * perMillion(pricing.input_image ?? pricing.input) +
    count(units.inputAudioTokens) * perMillion(pricing.input_audio ?? pricing.input) +
    (outputOther > 0n ? outputOther : 0n) * perMillion(pricing.output) +
    count(units.outputImageTokens) * perMillion(pricing.output_image ?? pricing.output) +
    count(units.outputAudioTokens) * perMillion(pricing.output_audio ?? pricing.output);
  return divideRoundingUp(scaled, 1_000_000n);
}
