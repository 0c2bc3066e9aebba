import { randomUUID } from 'node:crypto';
import type { EmulatedError } from '../dialect.ts';

/** Bedrock's exception name for each status the emulator answers with. */
const errorTypes: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

const injectedMessages: Record<string, string> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ServiceUnavailableException: 'Bedrock is unable to process your request.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
};

export const requestIdHeaders = (): Record<string, string> => ({ 'x-amzn-requestid': randomUUID() });

/**
 * An error as Bedrock sends it: `{"message": ...}` with the exception name in
 * `x-amzn-errortype` (error-400-invalid-model-converse.vcr.yaml shows the body).
 */
export function renderBedrockError(error: EmulatedError, type?: string): { status: number; headers: Record<string, string>; body: string } {
  const name = type ?? errorTypes[error.status] ?? (error.status >= 500 ? 'InternalServerException' : 'ValidationException');
  const message =
    error.reason === 'model_not_found' ? 'The provided model identifier is invalid.'
    : error.reason === 'invalid_json' ? 'Malformed input request, please reformat your input and try again.'
    : error.reason === 'injected' ? (injectedMessages[name] ?? `Injected error with status ${error.status}.`)
    : error.message;
  const headers: Record<string, string> = {
    ...requestIdHeaders(),
    'content-type': 'application/json',
    'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return { status: error.status, headers, body: JSON.stringify({ message }) };
}
