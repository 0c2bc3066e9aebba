import { GatewayError } from '../../core/errors.ts';
import type { Catalog, CatalogModel } from '../../routing/catalog/load-catalog.ts';
import type { CanonicalRequest } from '../../core/request.ts';

/** Whether a catalog model answers with vectors (`modalities.output` has `embedding`) rather than chat. */
export function isEmbeddingModel(model: CatalogModel): boolean {
  return (model.modalities.output as readonly string[]).includes('embedding');
}

/** The catalog entry a client's model string names, if any (catalog id or the provider's own id). */
function catalogModel(catalog: Catalog, requested: string): CatalogModel | undefined {
  return catalog.get(requested) ?? catalog.findByUpstreamId(requested);
}

/**
 * Chat endpoints: a clear 400 for what the catalog says the model cannot take (an embedding
 * model; images for a text-only model) instead of an upstream's puzzling error.
 */
export function refuseUnsuitableModel(catalog: Catalog, request: CanonicalRequest): void {
  const requested = request.model;
  const model = catalogModel(catalog, requested);
  if (!model) return;
  if (isEmbeddingModel(model)) {
    throw GatewayError.invalidRequest(`'${requested}' is an embedding model; send it to POST /v1/embeddings, not a chat endpoint.`, 'model');
  }
  const hasImages = request.messages.some((message) => message.content.some((part) => part.type === 'image'));
  if (hasImages && !(model.modalities.input as readonly string[]).includes('image')) {
    throw GatewayError.invalidRequest(`'${requested}' does not accept image inputs; choose a vision model (GET /v1/models lists each model's input modalities).`, 'messages');
  }
}

/** `/v1/embeddings`: a clear 400 for a chat model. */
export function refuseChatModel(model: CatalogModel | undefined, requested: string): void {
  if (model && !isEmbeddingModel(model)) {
    throw GatewayError.invalidRequest(`'${requested}' is not an embedding model; POST /v1/embeddings needs one such as 'openai/text-embedding-3-small'.`, 'model');
  }
}
