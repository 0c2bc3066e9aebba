import { embeddingTexts, normalizeVector, type EmbeddingRequest, type EmbeddingResponse } from '../../../core/embeddings.ts';
import { GatewayError } from '../../../core/errors.ts';

/**
 * `{embeddings: [{values}]}` (same order as the requests) into canonical vectors.
 * Two Gemini differences from OpenAI are smoothed here:
 * - Only full-size vectors come normalised; truncated ones (`outputDimensionality`) do not
 *   (ai.google.dev/gemini-api/docs/embeddings), while OpenAI clients expect unit length. So they are normalised.
 * - The response has no token count. Usage is estimated as ceil(characters / 4) and flagged `estimated`.
 */
export function parseGeminiEmbeddingResponse(body: unknown, request: EmbeddingRequest, provider: string, model: string): EmbeddingResponse {
  const embeddings = (body as { embeddings?: unknown } | null)?.embeddings;
  if (!Array.isArray(embeddings)) throw malformed(provider, 'no embeddings array');
  const vectors = embeddings.map((embedding: { values?: unknown }, index) => {
    const values = embedding?.values;
    if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) throw malformed(provider, `embeddings[${index}].values is not a number array`);
    return request.dimensions !== undefined ? normalizeVector(values) : values;
  });
  const characters = embeddingTexts(request, provider).reduce((sum, text) => sum + text.length, 0);
  return { model, vectors, usage: { inputTokens: Math.ceil(characters / 4), estimated: true } };
}

function malformed(provider: string, detail: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Provider '${provider}' sent an embeddings response the gateway cannot read (${detail}).` });
}
