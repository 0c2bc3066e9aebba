import { encodeFloat32Base64, type EmbeddingRequest, type EmbeddingResponse } from '../../core/embeddings.ts';

/** OpenAI's embeddings response body. */
export type OpenAiEmbeddingsBody = {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
};

/**
 * Canonical vectors as OpenAI's `{object: "list", data, model, usage}`, echoing the model the
 * client asked for. `base64` is little-endian float32, as OpenAI sends it and its SDKs decode it.
 */
export function renderEmbeddingsResponse(response: EmbeddingResponse, request: EmbeddingRequest): OpenAiEmbeddingsBody {
  const base64 = request.encodingFormat === 'base64';
  return {
    object: 'list',
    data: response.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: base64 ? encodeFloat32Base64(vector) : vector })),
    model: request.model,
    usage: { prompt_tokens: response.usage.inputTokens, total_tokens: response.usage.inputTokens },
  };
}
