import type { EmbeddingRequest } from '../../core/embeddings.ts';
import { openAiWording } from '../shared/describe-validation-issue.ts';
import { parseRequestBody } from '../shared/parse-request-body.ts';
import { embeddingsRequestSchema } from './request-schema.ts';

/** A `/v1/embeddings` body into the canonical embeddings request; any invalid field is a 400 naming it. */
export function parseEmbeddingsRequest(body: unknown): EmbeddingRequest {
  const b = parseRequestBody(embeddingsRequestSchema, body, openAiWording);
  // One string or one token array is one input.
  const input = typeof b.input === 'string' ? [b.input] : typeof b.input[0] === 'number' ? [b.input as number[]] : (b.input as string[] | number[][]);
  const request: EmbeddingRequest = { model: b.model, input, encodingFormat: b.encoding_format ?? 'float' };
  if (b.dimensions != null) request.dimensions = b.dimensions;
  if (b.user != null) request.user = b.user;
  return request;
}
