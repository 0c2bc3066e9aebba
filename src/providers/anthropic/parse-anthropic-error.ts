import { GatewayError } from '../../core/errors.ts';
import type { HeaderMap, ProviderSettings } from '../provider-adapter.ts';
import type { AnthropicErrorBody } from '../../wire/anthropic-messages.ts';
import { lookupAnthropicErrorType } from './anthropic-error-types.ts';

type AnthropicErrorDetail = AnthropicErrorBody['error'];

/**
 * An Anthropic `{type, message}` error as a GatewayError. `status` is the HTTP status the
 * upstream answered with, or undefined for a mid-stream error, which takes the documented one.
 */
export function anthropicErrorToGatewayError(
  error: AnthropicErrorDetail,
  status: number | undefined,
  provider: string,
  retryAfterSeconds?: number,
): GatewayError {
  const known = lookupAnthropicErrorType(error.type);
  let code = known?.code ?? 'upstream_error';
  // not_found_error covers any missing resource; the one that matters for routing is the model
  // ("model: invalid-model-that-does-not-exist-12345" in error-404-model-not-found-stream.har).
  if (error.type === 'not_found_error' && /\bmodel\b/i.test(error.message)) code = 'model_not_found';
  return new GatewayError({
    status: status ?? known?.status ?? 500,
    code,
    message: error.message,
    provider,
    upstreamType: error.type,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

/** Reads `{type:'error', error:{type, message}}` out of parsed JSON, or undefined when it is not that shape. */
export function readAnthropicErrorDetail(value: unknown): AnthropicErrorDetail | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const error = (value as { error?: unknown }).error;
  if (typeof error !== 'object' || error === null) return undefined;
  const { type, message } = error as { type?: unknown; message?: unknown };
  if (typeof type !== 'string') return undefined;
  return { type, message: typeof message === 'string' ? message : `Anthropic ${type}.` };
}

/** `retry-after` as seconds: Anthropic sends delta-seconds, but an HTTP date is legal too. */
export function parseRetryAfter(headers: HeaderMap, now = Date.now()): number | undefined {
  const raw = headers['retry-after'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

/** An Anthropic error response into a GatewayError keeping the upstream status, message and type. */
export function parseAnthropicError(
  status: number,
  headers: HeaderMap,
  body: string,
  settings: ProviderSettings,
): GatewayError {
  const retryAfterSeconds = parseRetryAfter(headers);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  const detail = readAnthropicErrorDetail(parsed);
  if (detail) return anthropicErrorToGatewayError(detail, status, settings.id, retryAfterSeconds);
  // A proxy's HTML page or a truncated body: say what we know without echoing unknown bytes.
  return new GatewayError({
    status,
    code: 'upstream_error',
    message: `Provider '${settings.id}' returned HTTP ${status} with an unreadable error body.`,
    provider: settings.id,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}
