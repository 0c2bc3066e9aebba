import type { EmbeddingAdapter } from '../../embedding-adapter.ts';
import { parseGeminiError } from '../parse-gemini-error.ts';
import { buildGeminiEmbeddingRequest, GEMINI_MAX_BATCH } from './build-gemini-embedding-request.ts';
import { parseGeminiEmbeddingResponse } from './parse-gemini-embedding-response.ts';

/** Google Gemini's embeddings (`models.batchEmbedContents`). */
export const geminiEmbeddingAdapter: EmbeddingAdapter = {
  family: 'google',
  maxInputsPerCall: () => GEMINI_MAX_BATCH,
  buildRequest: buildGeminiEmbeddingRequest,
  parseResponse: (body, request) => parseGeminiEmbeddingResponse(body, request, 'google', request.model),
  parseError: (status, headers, body, settings) => parseGeminiError(status, headers, body, settings.id),
};
