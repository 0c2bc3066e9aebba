import type { ErrorCode, GatewayError } from '../../core/errors.ts';
import type { AnthropicErrorBody, AnthropicErrorType } from '../../wire/anthropic-messages.ts';

const errorTypeByCode = {
  invalid_request: 'invalid_request_error',
  invalid_json: 'invalid_request_error',
  unsupported_feature: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  // Anthropic answers an unknown model with 404 not_found_error (error-404-model-not-found-stream.har).
  model_not_found: 'not_found_error',
  payload_too_large: 'request_too_large',
  rate_limited: 'rate_limit_error',
  insufficient_credits: 'billing_error',
  overloaded: 'overloaded_error',
  timeout: 'timeout_error',
  upstream_error: 'api_error',
  upstream_unavailable: 'api_error',
  internal: 'api_error',
} as const satisfies Record<ErrorCode, AnthropicErrorType>;

const errorTypeByStatus: Record<number, AnthropicErrorType> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

const anthropicErrorTypes = new Set<string>(Object.values(errorTypeByCode));

/**
 * Anthropic's error `type` for a gateway error. An Anthropic upstream's own type is kept
 * (clients branch on `overloaded_error`); an upstream error from another provider is typed by
 * its HTTP status, as Anthropic would type it.
 */
export function anthropicErrorType(error: GatewayError): AnthropicErrorType {
  if (error.upstreamType !== undefined && anthropicErrorTypes.has(error.upstreamType)) return error.upstreamType as AnthropicErrorType;
  if (error.code === 'upstream_error') return errorTypeByStatus[error.status] ?? 'api_error';
  return errorTypeByCode[error.code];
}

/** The `{type:'error', error:{type, message}}` body Anthropic answers errors with. */
export function renderError(error: GatewayError): { status: number; body: AnthropicErrorBody } {
  return { status: error.status, body: { type: 'error', error: { type: anthropicErrorType(error), message: error.message } } };
}
