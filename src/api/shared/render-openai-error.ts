import type { ErrorCode, GatewayError } from '../../core/errors.ts';
import type { OpenAiChatErrorBody } from '../../wire/openai-chat.ts';

/** OpenAI's `error.type` by status; OpenAI itself says invalid_request_error for most 4xx. */
function typeFor(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'insufficient_quota';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'server_error';
  return 'invalid_request_error';
}

/** OpenAI's `error.code` for our codes; null where OpenAI itself sends null. */
const codes: Record<ErrorCode, string | null> = {
  invalid_request: null,
  invalid_json: null,
  unsupported_feature: 'unsupported_parameter',
  authentication: 'invalid_api_key',
  permission: null,
  not_found: 'unknown_url',
  model_not_found: 'model_not_found',
  payload_too_large: null,
  rate_limited: 'rate_limit_exceeded',
  insufficient_credits: 'insufficient_quota',
  overloaded: 'overloaded',
  timeout: 'timeout',
  upstream_error: null,
  upstream_unavailable: null,
  internal: null,
};

/**
 * The `{error: {message, type, param, code}}` object every OpenAI endpoint answers errors with
 * (Chat Completions, Responses: fixtures/openai-responses/error-400-model-not-found-stream.har,
 * Embeddings); shared by HTTP error bodies and the in-band stream error events.
 */
export function openAiErrorBody(error: GatewayError): OpenAiChatErrorBody {
  return {
    error: {
      message: error.message,
      // A 404 for an unknown model is invalid_request_error at OpenAI (fixtures/openai-chat/error-404-model-not-found.vcr.yaml).
      type: error.code === 'model_not_found' ? 'invalid_request_error' : typeFor(error.status),
      param: error.param ?? null,
      // Upstream errors keep the upstream's own code/type so clients that branch on it still can.
      code: codes[error.code] ?? (error.code === 'upstream_error' ? (error.upstreamType ?? null) : null),
    },
  };
}

/** A GatewayError as OpenAI's error body with the error's status. */
export function renderOpenAiError(error: GatewayError): { status: number; body: OpenAiChatErrorBody } {
  return { status: error.status, body: openAiErrorBody(error) };
}
