import type { IncomingHttpHeaders } from 'node:http';
import { GatewayError } from '../core/errors.ts';
import type { ReliabilityConfig } from './reliability-config.ts';

/** Per-request reliability settings a client may send as headers. */
export type RequestOverrides = { maxAttempts: number; firstByteTimeoutMs: number; responseTimeoutMs: number };

/**
 * Reads `x-switchyard-max-attempts` (capped at `maxAttemptsCap`) and `x-switchyard-timeout-ms`
 * (the per-attempt timeout: first event of a stream, whole body otherwise). A malformed value is a 400 naming the header, not a
 * silent default.
 */
export function readRequestOverrides(headers: IncomingHttpHeaders | undefined, config: ReliabilityConfig): RequestOverrides {
  const attempts = positiveInt(headers?.['x-switchyard-max-attempts'], 'x-switchyard-max-attempts');
  const timeout = positiveInt(headers?.['x-switchyard-timeout-ms'], 'x-switchyard-timeout-ms');
  return {
    maxAttempts: Math.min(attempts ?? config.maxAttempts, config.maxAttemptsCap),
    firstByteTimeoutMs: timeout ?? config.firstByteTimeoutMs,
    responseTimeoutMs: timeout ?? config.responseTimeoutMs,
  };
}

function positiveInt(value: string | string[] | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const text = Array.isArray(value) ? value[0] : value;
  const number = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(number) || number < 1) {
    throw GatewayError.invalidRequest(`Header ${name} must be a positive integer, got '${text}'.`, name);
  }
  return number;
}
