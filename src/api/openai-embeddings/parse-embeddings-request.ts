import type { EmbeddingRequest } from '../../core/embeddings.ts';
import { GatewayError } from '../../core/errors.ts';
import { describeIssue } from '../openai-chat/format-validation-error.ts';
import { embeddingsRequestSchema } from './request-schema.ts';

/** A `/v1/embeddings` body into the canonical embeddings request; any invalid field is a 400 naming it. */
export function parseEmbeddingsRequest(body: unknown): EmbeddingRequest {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw GatewayError.invalidRequest('The request body must be a JSON object.');
  const parsed = embeddingsRequestSchema.safeParse(body);
  if (!parsed.success) {
    const { message, param } = describeIssue(parsed.error.issues[0]);
    throw GatewayError.invalidRequest(message, param || undefined);
  }
  const b = parsed.data;
  // One string or one token array is one input.
  const input = typeof b.input === 'string' ? [b.input] : typeof b.input[0] === 'number' ? [b.input as number[]] : (b.input as string[] | number[][]);
  const request: EmbeddingRequest = { model: b.model, input, encodingFormat: b.encoding_format ?? 'float' };
  if (b.dimensions != null) request.dimensions = b.dimensions;
  if (b.user != null) request.user = b.user;
  return request;
}
