import type { EmbeddingAdapter } from '../../embedding-adapter.ts';
import { parseGeminiError } from '../../google/parse-gemini-error.ts';
import { buildVertexEmbeddingRequest, vertexMaxInputs } from './build-vertex-embedding-request.ts';
import { parseVertexEmbeddingResponse } from './parse-vertex-embedding-response.ts';

/** Google's embedding models on Vertex AI (`:predict`); errors are Google's `{error:{code,message,status}}`. */
export const vertexEmbeddingAdapter: EmbeddingAdapter = {
  family: 'vertex',
  maxInputsPerCall: vertexMaxInputs,
  buildRequest: buildVertexEmbeddingRequest,
  parseResponse: parseVertexEmbeddingResponse,
  parseError: (status, headers, body, settings) => parseGeminiError(status, headers, body, settings.id),
};
