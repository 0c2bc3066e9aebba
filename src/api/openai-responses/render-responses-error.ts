import type { GatewayError } from '../../core/errors.ts';
import type { ResponsesErrorBody } from '../../wire/openai-responses.ts';
import { chatErrorBody } from '../openai-chat/render-chat-error.ts';

/**
 * Errors on `/v1/responses` have the same shape and type/code mapping as on every OpenAI
 * endpoint (fixtures/openai-responses/error-400-model-not-found-stream.har), so the Chat
 * Completions mapping is shared rather than copied.
 */
export function renderResponsesError(error: GatewayError): { status: number; body: ResponsesErrorBody } {
  return { status: error.status, body: chatErrorBody(error) };
}
