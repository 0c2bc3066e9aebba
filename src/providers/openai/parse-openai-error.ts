import { GatewayError, type ErrorCode } from '../../core/errors.ts';
import type { HeaderMap } from '../provider-adapter.ts';

/** The parts of an OpenAI-style error object we read; compatibles add fields (Groq `failed_generation`, `status_code`). */
type UpstreamErrorObject = { message?: unknown; type?: unknown; code?: unknown; param?: unknown; status_code?: unknown };

/** Our error code for an upstream status; the status itself is kept as is. */
function codeFor(status: number, upstreamCode: string | undefined): ErrorCode {
  if (upstreamCode === 'model_not_found') return 'model_not_found';
  if (status === 429) return 'rate_limited';
  if (status === 413) return 'payload_too_large';
  if (status === 408 || status === 504) return 'timeout';
  if (status === 529) return 'overloaded';
  return 'upstream_error';
}

function header(headers: HeaderMap, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `retry-after-ms` (OpenAI, fractional milliseconds) wins over `retry-after` (seconds or an HTTP date). */
export function retryAfterSeconds(headers: HeaderMap, now = Date.now()): number | undefined {
  const ms = Number(header(headers, 'retry-after-ms'));
  if (header(headers, 'retry-after-ms') !== undefined && Number.isFinite(ms) && ms >= 0) return ms / 1000;
  const raw = header(headers, 'retry-after');
  if (raw === undefined) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - now) / 1000);
}

/** An OpenAI-style `error` object (HTTP body or in-band SSE event) as a GatewayError. */
export function openAiErrorToGatewayError(
  status: number,
  error: UpstreamErrorObject,
  provider: string,
  retryAfter?: number,
): GatewayError {
  const code = typeof error.code === 'string' ? error.code : undefined;
  const type = typeof error.type === 'string' ? error.type : undefined;
  const message = typeof error.message === 'string' && error.message ? error.message : `Upstream error (HTTP ${status}).`;
  return new GatewayError({
    status,
    code: codeFor(status, code),
    message,
    param: typeof error.param === 'string' ? error.param : undefined,
    provider,
    upstreamType: type ?? code,
    retryAfterSeconds: retryAfter,
  });
}

/**
 * An upstream error response into a GatewayError keeping status and message. Bodies that are
 * not OpenAI-shaped JSON (proxies' HTML pages, plain text) keep a trimmed excerpt as message.
 */
export function parseOpenAiError(status: number, headers: HeaderMap, body: string, provider: string): GatewayError {
  const retryAfter = retryAfterSeconds(headers);
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed === 'object' && parsed !== null) {
    const error = (parsed as { error?: unknown }).error;
    if (typeof error === 'object' && error !== null) return openAiErrorToGatewayError(status, error as UpstreamErrorObject, provider, retryAfter);
    // Some compatibles send `{"error": "text"}` or `{"message": "..."}`.
    const message = typeof error === 'string' ? error : (parsed as { message?: unknown }).message;
    if (typeof message === 'string') return openAiErrorToGatewayError(status, { message }, provider, retryAfter);
  }
  const text = body.trim().slice(0, 500);
  return openAiErrorToGatewayError(status, { message: text ? `Upstream error (HTTP ${status}): ${text}` : '' }, provider, retryAfter);
}
