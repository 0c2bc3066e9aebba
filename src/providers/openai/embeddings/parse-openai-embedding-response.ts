import { decodeFloat32Base64, type EmbeddingResponse } from '../../../core/embeddings.ts';
import { GatewayError } from '../../../core/errors.ts';

type OpenAiEmbeddingBody = {
  model?: unknown;
  data?: Array<{ index?: unknown; embedding?: unknown }>;
  usage?: { prompt_tokens?: unknown; total_tokens?: unknown };
};

/**
 * `{object: "list", data: [{index, embedding}], model, usage: {prompt_tokens}}` into vectors in
 * input order (by `index`, which OpenAI documents; some compatibles omit it and keep order).
 * An embedding is a float array, or a base64 string of little-endian float32 when asked for.
 */
export function parseOpenAiEmbeddingResponse(body: unknown, provider: string): EmbeddingResponse {
  const parsed = body as OpenAiEmbeddingBody;
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray(parsed.data)) throw malformed(provider, 'no data array');
  const vectors: number[][] = [];
  parsed.data.forEach((item, position) => {
    const index = typeof item.index === 'number' ? item.index : position;
    const { embedding } = item;
    if (typeof embedding === 'string') vectors[index] = decodeFloat32Base64(embedding);
    else if (Array.isArray(embedding) && embedding.every((value) => typeof value === 'number')) vectors[index] = embedding;
    else throw malformed(provider, `data[${position}].embedding is neither numbers nor base64`);
  });
  const tokens = Number(parsed.usage?.prompt_tokens ?? parsed.usage?.total_tokens ?? 0);
  return {
    model: typeof parsed.model === 'string' ? parsed.model : '',
    vectors,
    usage: { inputTokens: Number.isFinite(tokens) ? tokens : 0 },
  };
}

function malformed(provider: string, detail: string): GatewayError {
  return new GatewayError({ status: 502, code: 'upstream_error', provider, message: `Provider '${provider}' sent an embeddings response the gateway cannot read (${detail}).` });
}
