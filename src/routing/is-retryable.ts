import type { GatewayError } from '../core/errors.ts';

/**
 * Whether another provider may succeed where this one failed: connection trouble, timeouts,
 * rate limits, overload and server errors. Client errors (400/401/403/404/422) would fail
 * the same way everywhere, so they return at once.
 */
export function isRetryable(error: GatewayError): boolean {
  if (error.code === 'upstream_unavailable' || error.code === 'timeout' || error.code === 'overloaded') return true;
  return error.status === 408 || error.status === 409 || error.status === 429 || error.status >= 500;
}
