import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.ts';

export const CACHE_TTL_HEADER = 'x-switchyard-cache-ttl';
export const SKIP_CACHE_HEADER = 'x-switchyard-skip-cache';
export const CACHE_STATUS_HEADER = 'x-switchyard-cache';

/** The longest a cached answer may be kept: 7 days. */
export const MAX_CACHE_TTL_SECONDS = 7 * 24 * 60 * 60;

/** What the client asked of the cache. */
export type CacheDirective = {
  /** Seconds to keep the answer; absent when the client did not opt in. */
  ttlSeconds?: number;
  /** Do not answer from the cache (a fresh answer is still stored when a ttl is given). */
  skip: boolean;
};

/**
 * Reads `x-switchyard-cache-ttl` (whole seconds, 1 to 7 days; anything else is a 400 naming
 * the header) and `x-switchyard-skip-cache` (`true`/`1`).
 */
export function readCacheHeaders(headers: IncomingHttpHeaders): CacheDirective {
  const skipValue = single(headers[SKIP_CACHE_HEADER])?.trim().toLowerCase();
  const skip = skipValue === 'true' || skipValue === '1';
  const ttlValue = single(headers[CACHE_TTL_HEADER]);
  if (ttlValue === undefined) return { skip };
  const text = ttlValue.trim();
  const ttl = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
  if (!(ttl >= 1 && ttl <= MAX_CACHE_TTL_SECONDS)) {
    throw GatewayError.invalidRequest(
      `The ${CACHE_TTL_HEADER} header must be a whole number of seconds from 1 to ${MAX_CACHE_TTL_SECONDS} (7 days), got '${ttlValue}'.`,
      CACHE_TTL_HEADER,
    );
  }
  return { ttlSeconds: ttl, skip };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
