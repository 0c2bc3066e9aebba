import type { EmbeddingAdapter } from '../../embedding-adapter.ts';
import { parseOpenAiError } from '../parse-openai-error.ts';
import { buildOpenAiEmbeddingRequest } from './build-openai-embedding-request.ts';
import type { OpenAiEmbeddingQuirks } from './openai-embedding-quirks.ts';
import { parseOpenAiEmbeddingResponse } from './parse-openai-embedding-response.ts';

/** One embeddings mechanism for OpenAI and every compatible provider; they differ only by `quirks`. */
export function createOpenAiEmbeddingAdapter(family: string, quirks: OpenAiEmbeddingQuirks): EmbeddingAdapter {
  return {
    family,
    maxInputsPerCall: () => quirks.maxInputs,
    buildRequest: (request, upstreamModel, settings) => buildOpenAiEmbeddingRequest(request, upstreamModel, settings, quirks),
    parseResponse: (body) => parseOpenAiEmbeddingResponse(body, family),
    parseError: (status, headers, body, settings) => parseOpenAiError(status, headers, body, settings.id),
  };
}
