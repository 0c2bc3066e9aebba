import { normalizeVector, type EmbeddingRequest, type EmbeddingResponse } from '../../../core/embeddings.ts';
import { GatewayError } from '../../../core/errors.ts';

type VertexPrediction = { embeddings?: { values?: unknown; statistics?: { token_count?: unknown } } };

/**
 * `{predictions: [{embeddings: {values, statistics: {token_count, truncated}}}]}` into vectors;
 * usage is the sum of the per-input `token_count`s. Truncated vectors (`outputDimensionality`)
 * are normalised, as for the Gemini API, since only full-size ones come at unit length.
 */
export function parseVertexEmbeddingResponse(body: unknown, request: EmbeddingRequest): EmbeddingResponse {
  const predictions = (body as { predictions?: unknown } | null)?.predictions;
  if (!Array.isArray(predictions)) throw malformed('no predictions array');
  let inputTokens = 0;
  const vectors = predictions.map((prediction: VertexPrediction, index) => {
    const values = prediction?.embeddings?.values;
    if (!Array.isArray(values) || !values.every((value) => typeof value === 'number')) throw malformed(`predictions[${index}].embeddings.values is not a number array`);
    const tokens = Number(prediction.embeddings?.statistics?.token_count ?? 0);
    if (Number.isFinite(tokens)) inputTokens += tokens;
    return request.dimensions !== undefined ? normalizeVector(values) : values;
  });
  return { model: request.model, vectors, usage: { inputTokens } };
}

function malformed(detail: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider: 'vertex', message: `Provider 'vertex' sent an embeddings response the gateway cannot read (${detail}).` });
}
