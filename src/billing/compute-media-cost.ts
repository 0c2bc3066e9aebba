import type { MediaUnits } from '../core/media.ts';
import type { Pricing } from '../routing/catalog/catalog-schema.ts';
import { divideRoundingUp } from './compute-cost.ts';
import { parseUsdToNanos, type Nanos } from './nanos.ts';

/** What a media request cost, and on which basis. */
export type MediaCost = {
  costNanos: Nanos;
  /** `tokens` when the provider reported tokens and the offer prices them; `units` otherwise. */
  basis: 'tokens' | 'units';
};

const PER_MILLION = 1_000_000n;

/**
 * The exact cost of a media request, in nano-dollars, from what the provider reported:
 * - by **tokens** when the response carried token counts and the offer has token prices
 *   (gpt-image-1, Gemini image, gpt-4o-mini-tts, gpt-4o-transcribe): image/audio tokens at
 *   `input_image`/`input_audio`/`output_image`/`output_audio` (falling back to `input`/`output`),
 *   the rest at `input`/`output`. Unit prices such offers list are estimates for holds only;
 * - by **units** otherwise: images × the first `per_image_variants` entry matching `input`
 *   (else `per_image`), megapixels × `per_megapixel`, seconds × `per_second` (or ÷ 60 × `per_minute`),
 *   characters × `per_character` (or ÷ 1000 × `per_1k_characters`).
 * Prices are read from their decimal text (exact), each term rounded up once to a whole nano.
 * Returns null when the offer is unknown (an unpriced passthrough model).
 */
export function computeMediaCost(units: MediaUnits, pricing: Pricing | undefined, input: Record<string, unknown> = {}): MediaCost | null {
  if (!pricing) return null;
  if (hasTokens(units) && hasTokenPrices(pricing)) return { costNanos: tokenCost(units, pricing), basis: 'tokens' };
  return { costNanos: unitCost(units, pricing, input), basis: 'units' };
}

/** The USD price of one image for these parameters: the first matching variant, else `per_image`. */
export function perImagePrice(pricing: Pricing, input: Record<string, unknown>): number | undefined {
  const variant = pricing.per_image_variants?.find((candidate) => Object.entries(candidate.match).every(([name, value]) => input[name] === value));
  return variant?.usd ?? pricing.per_image;
}

function hasTokens(units: MediaUnits): boolean {
  return (units.inputTokens ?? 0) > 0 || (units.outputTokens ?? 0) > 0;
}

function hasTokenPrices(pricing: Pricing): boolean {
  return pricing.input > 0 || pricing.output > 0 || (pricing.output_image ?? 0) > 0 || (pricing.output_audio ?? 0) > 0;
}

function tokenCost(units: MediaUnits, pricing: Pricing): Nanos {
  const inputTotal = whole(units.inputTokens);
  const inputImage = Math.min(whole(units.inputImageTokens), inputTotal);
  const inputAudio = Math.min(whole(units.inputAudioTokens), inputTotal - inputImage);
  const outputTotal = whole(units.outputTokens);
  const outputImage = Math.min(whole(units.outputImageTokens), outputTotal);
  const outputAudio = Math.min(whole(units.outputAudioTokens), outputTotal - outputImage);
  const scaled =
    BigInt(inputTotal - inputImage - inputAudio) * nanos(pricing.input) +
    BigInt(inputImage) * nanos(pricing.input_image ?? pricing.input) +
    BigInt(inputAudio) * nanos(pricing.input_audio ?? pricing.input) +
    BigInt(outputTotal - outputImage - outputAudio) * nanos(pricing.output) +
    BigInt(outputImage) * nanos(pricing.output_image ?? pricing.output) +
    BigInt(outputAudio) * nanos(pricing.output_audio ?? pricing.output);
  return divideRoundingUp(scaled, PER_MILLION);
}

function unitCost(units: MediaUnits, pricing: Pricing, input: Record<string, unknown>): Nanos {
  let total = 0n;
  const images = whole(units.images);
  const imagePrice = perImagePrice(pricing, input);
  if (images > 0 && imagePrice !== undefined) total += BigInt(images) * nanos(imagePrice);
  // Fractional quantities (megapixels, seconds) in thousandths, so 3.2 s is exact.
  const milli = (value: number | undefined) => BigInt(Math.round((value ?? 0) * 1000));
  if (units.megapixels && pricing.per_megapixel !== undefined) total += divideRoundingUp(milli(units.megapixels) * nanos(pricing.per_megapixel), 1000n);
  if (units.seconds) {
    if (pricing.per_second !== undefined) total += divideRoundingUp(milli(units.seconds) * nanos(pricing.per_second), 1000n);
    else if (pricing.per_minute !== undefined) total += divideRoundingUp(milli(units.seconds) * nanos(pricing.per_minute), 60_000n);
  }
  const characters = whole(units.characters);
  if (characters > 0) {
    if (pricing.per_character !== undefined) total += BigInt(characters) * nanos(pricing.per_character);
    else if (pricing.per_1k_characters !== undefined) total += divideRoundingUp(BigInt(characters) * nanos(pricing.per_1k_characters), 1000n);
  }
  return total;
}

/** Catalog prices are validated at start-up; a price with more than 9 decimals counts as 0 here rather than throwing mid-request. */
function nanos(usd: number): Nanos {
  return parseUsdToNanos(usd) ?? 0n;
}

function whole(value: number | undefined): number {
  return value !== undefined && Number.isFinite(value) && value > 0 ? Math.floor(value) : 0;
}
