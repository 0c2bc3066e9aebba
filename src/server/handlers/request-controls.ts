import { createByok, type Byok } from '../../byok/create-byok.ts';
import { createResponseCache, type ResponseCache } from '../../cache/response-cache.ts';
import { createLimits, type Limits } from '../../limits/create-limits.ts';
import { LimitExceededError } from '../../limits/limit-exceeded-error.ts';
import { providerTable, type ProviderDefinition } from '../../providers/provider-table.ts';
import { MemoryRateLimitStore } from '../../stores/memory/memory-rate-limit-store.ts';
import type { KeyLimitsStore } from '../../stores/key-limits-store.ts';
import type { ProviderKeyStore } from '../../stores/provider-key-store.ts';
import type { ResponseCacheStore } from '../../stores/response-cache-store.ts';
import type { RateLimitStore } from '../../stores/rate-limit-store.ts';
import type { RequestContext } from '../request-context.ts';

/** The response cache, key limits and BYOK, as the inference path uses them. */
export type RequestControls = { cache: ResponseCache; limits: Limits; byok: Byok; stop(): void };

type ControlStores = { responseCache: ResponseCacheStore; keyLimits: KeyLimitsStore; providerKeys: ProviderKeyStore };

const perStores = new WeakMap<object, RequestControls>();

/**
 * The gateway's one set of request controls for these stores, created on first use, so route
 * lines and the inference handler share them: `requestControls(stores, options)`.
 * Rate-limit counters live in this process's memory unless `rates` is given (Redis later).
 */
export function requestControls(
  stores: ControlStores,
  options: { secret?: string; customProviders?: readonly ProviderDefinition[]; rates?: RateLimitStore; log?: (line: string) => void } = {},
): RequestControls {
  const existing = perStores.get(stores);
  if (existing) return existing;
  const cache = createResponseCache({ store: stores.responseCache, log: options.log });
  const stopSweeper = cache.startSweeper(60_000);
  const controls: RequestControls = {
    cache,
    limits: createLimits({ store: stores.keyLimits, rates: options.rates ?? new MemoryRateLimitStore() }),
    byok: createByok({ store: stores.providerKeys, secret: options.secret, definitions: [...providerTable, ...(options.customProviders ?? [])] }),
    stop: stopSweeper,
  };
  perStores.set(stores, controls);
  return controls;
}

/**
 * `limits.admit` for an HTTP request: the `x-ratelimit-*` headers are set on the response
 * (kept by every later `writeHead`, errors included), then a LimitExceededError is rethrown
 * for the server to render in the route's format with `retry-after`.
 */
export async function admitLimits(ctx: RequestContext, limits: Limits, input: { estimatedTokens?: number } = {}): Promise<void> {
  const caller = ctx.caller;
  if (!caller?.keyId) return;
  try {
    const { headers } = await limits.admit({ keyId: caller.keyId, accountId: caller.accountId, estimatedTokens: input.estimatedTokens });
    for (const [name, value] of Object.entries(headers)) ctx.res.setHeader(name, value);
  } catch (error) {
    if (error instanceof LimitExceededError) for (const [name, value] of Object.entries(error.headers)) ctx.res.setHeader(name, value);
    throw error;
  }
}
