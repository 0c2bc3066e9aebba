import type { ErrorCode } from '../../core/errors.ts';
import type { AnthropicErrorType } from '../../wire/anthropic-messages.ts';

/**
 * Anthropic error types with the HTTP status Anthropic documents for each and our code.
 * The status is used where no HTTP status exists (a mid-stream `event: error` arrives inside
 * a 200 response); for HTTP errors the upstream's own status is kept.
 */
export const anthropicErrorTypes = {
  invalid_request_error: { status: 400, code: 'invalid_request' },
  authentication_error: { status: 401, code: 'authentication' },
  billing_error: { status: 402, code: 'insufficient_credits' },
  permission_error: { status: 403, code: 'permission' },
  not_found_error: { status: 404, code: 'not_found' },
  request_too_large: { status: 413, code: 'payload_too_large' },
  rate_limit_error: { status: 429, code: 'rate_limited' },
  timeout_error: { status: 504, code: 'timeout' },
  api_error: { status: 500, code: 'upstream_error' },
  overloaded_error: { status: 529, code: 'overloaded' },
} as const satisfies Record<AnthropicErrorType, { status: number; code: ErrorCode }>;

/** The entry for an error type, or undefined for a type Anthropic has added since. */
export function lookupAnthropicErrorType(type: string): { status: number; code: ErrorCode } | undefined {
  return Object.hasOwn(anthropicErrorTypes, type) ? anthropicErrorTypes[type as AnthropicErrorType] : undefined;
}
