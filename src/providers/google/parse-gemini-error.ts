import { GatewayError, type ErrorCode } from '../../core/errors.ts';
import type { HeaderMap } from '../provider-adapter.ts';
import type { GeminiErrorBody, GeminiErrorDetail } from '../../wire/gemini.ts';

const codeByStatus: Record<number, ErrorCode> = {
  400: 'invalid_request',
  401: 'authentication',
  403: 'permission',
  404: 'model_not_found',
  413: 'payload_too_large',
  429: 'rate_limited',
  503: 'overloaded',
  504: 'timeout',
};

/** Whether a parsed body is Gemini's `{error:{code,message,status}}`. */
export function isGeminiErrorBody(value: unknown): value is GeminiErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const error = (value as { error: unknown }).error;
  return typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string';
}

/**
 * A Gemini error body as a GatewayError keeping the upstream's HTTP status, message and
 * gRPC status name (`upstreamType`: INVALID_ARGUMENT, RESOURCE_EXHAUSTED...).
 * An invalid API key is a 400 INVALID_ARGUMENT with ErrorInfo reason API_KEY_INVALID
 * (error-400-api-key-invalid.vcr.yaml); we present it as 401 `authentication`, since that is
 * what it means and what clients branch on to stop retrying with the same key.
 */
export function geminiErrorFromBody(httpStatus: number, body: GeminiErrorBody, headers: HeaderMap = {}, provider?: string): GatewayError {
  const { error } = body;
  const details = Array.isArray(error.details) ? error.details : [];
  const status = httpStatus >= 400 ? httpStatus : typeof error.code === 'number' && error.code >= 400 ? error.code : 502;
  const reason = errorInfoReason(details);
  const authFailure = reason === 'API_KEY_INVALID' || reason === 'API_KEY_EXPIRED' || error.status === 'UNAUTHENTICATED';
  const code: ErrorCode = authFailure ? 'authentication' : codeByStatus[status] ?? 'upstream_error';
  const retryAfterSeconds = retryAfterFromHeaders(headers) ?? retryDelayFromDetails(details);
  return new GatewayError({
    status: authFailure ? 401 : status,
    code: code === 'model_not_found' && !/model/i.test(error.message) ? 'not_found' : code,
    message: error.message,
    provider,
    upstreamType: error.status,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

/** `parseError` of the adapter: any upstream error response, JSON or not. */
export function parseGeminiError(status: number, headers: HeaderMap, body: string, provider?: string): GatewayError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  // The JSON-array stream (no alt=sse) wraps an error in an array like its chunks.
  if (Array.isArray(parsed)) parsed = parsed[0];
  if (isGeminiErrorBody(parsed)) return geminiErrorFromBody(status, parsed, headers, provider);
  const retryAfterSeconds = retryAfterFromHeaders(headers);
  const text = body.trim().slice(0, 500);
  return new GatewayError({
    status: status >= 400 ? status : 502,
    code: codeByStatus[status] ?? 'upstream_error',
    message: text ? `Gemini returned HTTP ${status}: ${text}` : `Gemini returned HTTP ${status}.`,
    provider,
    ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
  });
}

function errorInfoReason(details: GeminiErrorDetail[]): string | undefined {
  for (const detail of details) {
    if (detail['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo' && typeof detail.reason === 'string') return detail.reason;
  }
  return undefined;
}

/** RetryInfo.retryDelay is a protobuf Duration in JSON: `"34.4s"`; rounded up to whole seconds. */
function retryDelayFromDetails(details: GeminiErrorDetail[]): number | undefined {
  for (const detail of details) {
    if (detail['@type'] !== 'type.googleapis.com/google.rpc.RetryInfo') continue;
    const match = /^(\d+(?:\.\d+)?)s$/.exec(String(detail.retryDelay));
    if (match) return Math.ceil(Number(match[1]));
  }
  return undefined;
}

function retryAfterFromHeaders(headers: HeaderMap): number | undefined {
  const raw = headers['retry-after'];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
