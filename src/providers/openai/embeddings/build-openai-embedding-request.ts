import { embeddingTexts, type EmbeddingRequest } from '../../../core/embeddings.ts';
import { GatewayError } from '../../../core/errors.ts';
import type { ProviderSettings, UpstreamRequest } from '../../provider-adapter.ts';
import type { OpenAiEmbeddingQuirks } from './openai-embedding-quirks.ts';

/** `POST {baseUrl}/embeddings` in OpenAI's shape, adjusted by the provider's quirks. */
export function buildOpenAiEmbeddingRequest(
  request: EmbeddingRequest,
  upstreamModel: string,
  settings: ProviderSettings,
  quirks: OpenAiEmbeddingQuirks,
): UpstreamRequest {
  const input = quirks.tokenInput ? request.input : embeddingTexts(request, settings.id);
  const body: Record<string, unknown> = { model: upstreamModel, input };
  if (request.dimensions !== undefined) {
    if (!quirks.dimensionsField) throw GatewayError.unsupported('dimensions', settings.id, 'dimensions');
    body[quirks.dimensionsField] = request.dimensions;
  }
  // Base64 is exact (the same float32 bytes) and smaller; the parser decodes either form.
  if (quirks.base64 && request.encodingFormat === 'base64') body.encoding_format = 'base64';
  if (quirks.user && request.user !== undefined) body.user = request.user;
  return {
    url: `${settings.baseUrl.replace(/\/+$/, '')}/embeddings`,
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(settings.apiKey !== undefined ? { authorization: `Bearer ${settings.apiKey}` } : {}),
      ...settings.headers,
    },
    body: JSON.stringify(body),
  };
}
