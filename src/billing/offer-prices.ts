import type { CatalogModel, Pricing } from '../routing/catalog/catalog-schema.ts';
import { parseUsdToNanos, type Nanos } from './nanos.ts';

/** One price tier in nano-dollars per million tokens, every fallback already resolved. */
export type NanoPriceTier = {
  input: Nanos;
  output: Nanos;
  /** `cache_read`, or `input` when the catalog has none (no discount for cached reads). */
  cacheRead: Nanos;
  /** `cache_write`, or `input` when the catalog has none (writes cost plain input: OpenAI, Gemini). */
  cacheWrite: Nanos;
};

/** A catalog offer's pricing as exact integers. */
export type NanoPricing = NanoPriceTier & {
  /** Prices for the whole request once the prompt passes `threshold` tokens. */
  longContext?: NanoPriceTier & { threshold: number };
};

/** A catalog price that cannot be represented exactly in nano-dollars per million tokens. */
export class PriceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceError';
  }
}

const converted = new WeakMap<Pricing, NanoPricing>();

/**
 * The offer's pricing in nano-dollars per million tokens. Converted once per catalog pricing
 * object (the catalog is loaded once and frozen) from each price's decimal text, so $0.075/M is
 * exactly 75,000,000 nanos/M. Throws a PriceError for a price with more than 9 decimals.
 */
export function nanoPricing(pricing: Pricing): NanoPricing {
  const cached = converted.get(pricing);
  if (cached) return cached;
  const base = tier(pricing.input, pricing.output, pricing.cache_read, pricing.cache_write);
  const long = pricing.long_context;
  const result: NanoPricing = long
    ? { ...base, longContext: { threshold: long.threshold, ...tier(long.input, long.output, long.cache_read ?? null, long.cache_write ?? null) } }
    : base;
  converted.set(pricing, result);
  return result;
}

/** Converts every price in the catalog up front, so a malformed price fails at start-up, not mid-request. */
export function convertCatalogPrices(models: readonly CatalogModel[]): void {
  for (const model of models) {
    for (const offer of model.providers) {
      try {
        nanoPricing(offer.pricing);
      } catch (error) {
        throw new PriceError(`${model.id} (${offer.provider}): ${(error as Error).message}`);
      }
    }
  }
}

function tier(input: number, output: number, cacheRead: number | null, cacheWrite: number | null): NanoPriceTier {
  const inputNanos = toNanos(input, 'input');
  return {
    input: inputNanos,
    output: toNanos(output, 'output'),
    cacheRead: cacheRead === null ? inputNanos : toNanos(cacheRead, 'cache_read'),
    cacheWrite: cacheWrite === null ? inputNanos : toNanos(cacheWrite, 'cache_write'),
  };
}

function toNanos(usdPerMillion: number, field: string): Nanos {
  const nanos = parseUsdToNanos(usdPerMillion);
  if (nanos === undefined || nanos < 0n) throw new PriceError(`price '${field}' ${usdPerMillion} is not a non-negative USD amount with at most 9 decimals.`);
  return nanos;
}
